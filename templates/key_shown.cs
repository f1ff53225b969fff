<?cs # Where a create or roll form sent a second time (a reload) lands: the
      secret was shown once and is not kept. Reads: Key.* (keyrow.c) plus the
      layout's variables. ?><?cs include:"layout_top.cs" ?>
    <section class="panel panel-shown" aria-labelledby="shown-heading">
      <h1 id="shown-heading">This key can't be shown again</h1>
      <p>The secret of <strong><?cs var:Key.name ?></strong> was shown once, right after it was made. Latchkey keeps only a hash of it, so nobody can show it again. If you didn't copy it, roll the key: you get a new secret, and the lost one stops working.</p>
      <dl class="summary">
        <dt>Name</dt>
        <dd><?cs var:Key.name ?></dd>
        <dt>ID</dt>
        <dd class="mono"><?cs var:Key.id ?></dd>
        <dt>Key</dt>
        <dd><code><?cs var:Key.prefix ?>…<?cs var:Key.hint ?></code></dd>
        <dt>Status</dt>
        <dd><span class="badge badge-<?cs var:Key.status ?>"><?cs var:Key.status_text ?></span></dd>
      </dl>
      <div class="form-actions"><?cs if:Key.status == "active" || Key.status == "expiring" ?><?cs if:!Key.rolled_to ?>
        <a class="btn btn-primary" href="/settings/api-keys/<?cs var:Key.id ?>/roll">Roll this key</a><?cs /if ?><?cs /if ?>
        <a class="btn btn-secondary" href="/settings/api-keys">Back to API keys</a>
      </div>
    </section>
<?cs include:"layout_bottom.cs" ?>
