<?cs # One API key: what it is, the account's month, and its verifications per day
      (SPEC 9). Reads Key.* (keyrow.c), Plan.*, Quota.*, Chart.* (plus the layout's
      variables). ?><?cs set:Chart.id = "usage-key" ?><?cs include:"layout_top.cs" ?>
    <p class="breadcrumb"><a href="/settings/api-keys">API keys</a> / <a href="/settings/usage">Usage</a></p>
    <header class="page-header">
      <h1><?cs var:Key.name ?></h1>
      <p class="page-lede mono"><?cs var:Key.id ?></p>
    </header>

    <section class="panel" aria-labelledby="key-heading">
      <h2 id="key-heading" class="visually-hidden">Key</h2>
      <dl class="summary">
        <dt>Key</dt>
        <dd><code class="key-code"><?cs var:Key.prefix ?>…<?cs var:Key.hint ?></code> <?cs if:Key.environment == "live" ?><span class="badge badge-live">Live</span><?cs else ?><span class="badge badge-test">Test</span><?cs /if ?></dd>
        <dt>Status</dt>
        <dd><span class="badge badge-<?cs var:Key.status ?>"><?cs var:Key.status_text ?></span></dd>
        <dt>Tier</dt>
        <dd><?cs if:Key.tier ?><?cs var:Key.tier ?><?cs else ?><span class="muted">none (the default limits)</span><?cs /if ?></dd>
        <dt>Permissions</dt>
        <dd><?cs if:subcount(Key.perms) > 0 ?><span class="chips"><?cs each:p = Key.perms ?><span class="chip"><?cs var:p ?></span><?cs /each ?></span><?cs else ?><span class="muted">none</span><?cs /if ?></dd>
        <dt>Created</dt>
        <dd><time datetime="<?cs var:Key.created ?>" title="<?cs var:Key.created_exact ?>"><?cs var:Key.created_ago ?></time></dd>
        <dt>Last used</dt>
        <dd><?cs if:Key.last_used ?><time datetime="<?cs var:Key.last_used ?>" title="<?cs var:Key.last_used_exact ?>"><?cs var:Key.last_used_ago ?></time><?cs else ?>never<?cs /if ?></dd>
        <dt>Expires</dt>
        <dd><?cs if:Key.expires ?><time datetime="<?cs var:Key.expires ?>" title="<?cs var:Key.expires_exact ?>"><?cs var:Key.expires_ago ?></time><?cs else ?>never<?cs /if ?></dd>
      </dl><?cs if:Key.status == "active" || Key.status == "expiring" ?>
      <div class="form-actions">
        <a class="btn btn-secondary" href="/settings/api-keys/<?cs var:Key.id ?>/roll">Roll</a>
        <a class="btn btn-danger" href="/settings/api-keys/<?cs var:Key.id ?>/revoke">Revoke</a>
      </div><?cs /if ?>
    </section>

    <section class="panel" aria-labelledby="month-heading">
      <div class="panel-header">
        <div>
          <h2 id="month-heading">This month, all your keys</h2>
          <p class="panel-lede">The quota is your account's<?cs if:Plan.name ?> (<?cs var:Plan.display_name ?>)<?cs /if ?>, shared by every key and token.</p>
        </div>
      </div>
<?cs include:"quota_bar.cs" ?>
    </section>

    <section class="panel" aria-labelledby="days-heading">
      <div class="panel-header">
        <div>
          <h2 id="days-heading">This key, last 30 days</h2>
        </div>
      </div>
<?cs include:"usage_chart.cs" ?>
    </section>
<?cs include:"layout_bottom.cs" ?>
