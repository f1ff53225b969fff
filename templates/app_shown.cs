<?cs # Where the registration form sent a second time (a reload) lands: the
      secret was shown once and is not kept. Reads: App.{client_id,name,
      confidential} plus the layout's variables. ?><?cs include:"layout_top.cs" ?>
    <section class="panel panel-shown" aria-labelledby="shown-heading">
      <h1 id="shown-heading"><?cs if:App.confidential ?>This secret can't be shown again<?cs else ?>This app is registered<?cs /if ?></h1><?cs if:App.confidential ?>
      <p>The client secret of <strong><?cs var:App.name ?></strong> was shown once, right after you registered it. Latchkey keeps only a hash of it, so nobody can show it again. If you didn't copy it, rotate the secret: you get a new one, and the lost one stops working.</p><?cs else ?>
      <p><strong><?cs var:App.name ?></strong> was registered when you first sent the form; no second app was made. Public apps have no secret.</p><?cs /if ?>
      <dl class="summary">
        <dt>Name</dt>
        <dd><?cs var:App.name ?></dd>
        <dt>Client ID</dt>
        <dd class="mono"><?cs var:App.client_id ?></dd>
      </dl>
      <div class="form-actions"><?cs if:App.confidential ?>
        <a class="btn btn-primary" href="/settings/oauth-apps/<?cs var:App.client_id ?>/rotate-secret">Rotate the secret</a><?cs /if ?>
        <a class="btn btn-secondary" href="/settings/oauth-apps">Back to OAuth apps</a>
      </div>
    </section>
<?cs include:"layout_bottom.cs" ?>
