<?cs # Admin: confirmation before revoking one user's API key; works without JavaScript.
      Reads: Key.{id,name,owner_email,prefix,hint,environment}, Csrf (plus the layout's
      variables). The reason is required and goes to the audit log. ?><?cs
if:!Page.title ?><?cs set:Page.title = "Revoke key" ?><?cs /if ?><?cs
if:!Page.nav ?><?cs set:Page.nav = "admin-keys" ?><?cs /if ?><?cs include:"layout_top.cs" ?>
    <section class="panel confirm" aria-labelledby="confirm-heading">
      <h1 id="confirm-heading">Revoke <?cs var:Key.name ?> of <?cs var:Key.owner_email ?>?</h1>
      <p>Programs using this key get 401 on their next request. This can't be undone.</p>
      <dl class="summary">
        <dt>Owner</dt>
        <dd><?cs var:Key.owner_email ?></dd>
        <dt>Name</dt>
        <dd><?cs var:Key.name ?></dd>
        <dt>ID</dt>
        <dd class="mono"><?cs var:Key.id ?></dd>
        <dt>Key</dt>
        <dd><code><?cs var:Key.prefix ?>…<?cs var:Key.hint ?></code></dd>
        <dt>Environment</dt>
        <dd><?cs if:Key.environment == "live" ?><span class="badge badge-live">Live</span><?cs
          elif:Key.environment == "test" ?><span class="badge badge-test">Test</span><?cs
          else ?><span class="badge"><?cs var:Key.environment ?></span><?cs /if ?></dd>
      </dl>
      <form method="post" action="/admin/keys/revoke" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <input type="hidden" name="key_id" value="<?cs var:Key.id ?>">
        <div class="field">
          <label for="reason">Reason (goes to the audit log)</label>
          <input type="text" id="reason" name="reason" maxlength="500" required autocomplete="off" aria-describedby="reason-help">
          <p class="help" id="reason-help">For example: found in a public repository.</p>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-danger">Revoke key</button>
          <a class="btn btn-secondary" href="/admin/keys">Cancel</a>
        </div>
      </form>
    </section>
<?cs include:"layout_bottom.cs" ?>
