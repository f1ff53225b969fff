<?cs # Confirmation before rotating an OAuth app's secret or deleting the app; works
      without JavaScript. Reads: Confirm.action ("rotate" or "delete"),
      App.{client_id,name,client_type}, Csrf (plus the layout's variables). ?><?cs
if:!Page.nav ?><?cs set:Page.nav = "oauth-apps" ?><?cs /if ?><?cs include:"layout_top.cs" ?>
    <section class="panel confirm" aria-labelledby="confirm-heading"><?cs
    if:Confirm.action == "rotate" ?>
      <h1 id="confirm-heading">Rotate the secret of <?cs var:App.name ?>?</h1>
      <p>A new secret is shown once. The current secret keeps working for the grace period you choose, then stops: put the new one in the app's configuration before then.</p><?cs
    else ?>
      <h1 id="confirm-heading">Delete <?cs var:App.name ?>?</h1>
      <p>The app can no longer sign anyone in. Every token issued to it stops working at once, and users' approvals are removed. This can't be undone.</p><?cs
    /if ?>
      <dl class="summary">
        <dt>Name</dt>
        <dd><?cs var:App.name ?></dd>
        <dt>Client ID</dt>
        <dd class="mono"><?cs var:App.client_id ?></dd>
        <dt>Type</dt>
        <dd><?cs if:App.client_type == "confidential" ?><span class="badge badge-confidential">Confidential</span><?cs
          elif:App.client_type == "public" ?><span class="badge badge-public">Public</span><?cs
          else ?><span class="badge"><?cs var:App.client_type ?></span><?cs /if ?></dd>
      </dl><?cs
    if:Confirm.action == "rotate" ?>
      <form method="post" action="/settings/oauth-apps/<?cs var:App.client_id ?>/rotate-secret" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="field">
          <label for="grace_seconds">Current secret stops working</label>
          <select id="grace_seconds" name="grace_seconds" aria-describedby="grace_seconds-help">
            <option value="0">Immediately</option>
            <option value="3600">After 1 hour</option>
            <option value="86400" selected>After 24 hours</option>
            <option value="604800">After 7 days</option>
          </select>
          <p class="help" id="grace_seconds-help">If the secret leaked, stop it immediately. Until then both secrets work, and tokens the app already holds keep working until they expire.</p>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-danger">Rotate secret</button>
          <a class="btn btn-secondary" href="/settings/oauth-apps">Cancel</a>
        </div>
      </form><?cs
    else ?>
      <form method="post" action="/settings/oauth-apps/<?cs var:App.client_id ?>/delete" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="form-actions">
          <button type="submit" class="btn btn-danger">Delete app</button>
          <a class="btn btn-secondary" href="/settings/oauth-apps">Cancel</a>
        </div>
      </form><?cs
    /if ?>
    </section>
<?cs include:"layout_bottom.cs" ?>
