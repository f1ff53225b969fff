<?cs # Confirmation before revoking or rolling an API key; works without JavaScript.
      Reads: Confirm.action ("revoke" or "roll"), Key.{id,name,prefix,hint,environment},
      Csrf (plus the layout's variables). ?><?cs include:"layout_top.cs" ?>
    <section class="panel confirm" aria-labelledby="confirm-heading"><?cs
    if:Confirm.action == "roll" ?>
      <h1 id="confirm-heading">Roll <?cs var:Key.name ?>?</h1>
      <p>A new key with the same settings will be created and shown once. The old key keeps working for the grace period you choose, then stops.</p><?cs
    else ?>
      <h1 id="confirm-heading">Revoke <?cs var:Key.name ?>?</h1>
      <p>Programs using this key will get 401 errors on their next request. This can't be undone.</p><?cs
    /if ?>
<?cs include:"key_summary.cs" ?><?cs
    if:Confirm.action == "roll" ?>
      <form method="post" action="/settings/api-keys/<?cs var:Key.id ?>/roll" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="field">
          <label for="grace_seconds">Old key stops working</label>
          <select id="grace_seconds" name="grace_seconds" aria-describedby="grace_seconds-help">
            <option value="0">Immediately</option>
            <option value="3600">After 1 hour</option>
            <option value="86400" selected>After 24 hours</option>
            <option value="604800">After 7 days</option>
          </select>
          <p class="help" id="grace_seconds-help">Leave enough time to put the new key everywhere the old one is used.</p>
        </div>
        <div class="field check">
          <input type="checkbox" id="jwt_signing" name="jwt_signing" value="1"<?cs if:Key.jwt_signing == 1 ?> checked<?cs /if ?> aria-describedby="jwt_signing-help">
          <label for="jwt_signing">Allow signing JWTs with the new key (HS256)</label>
          <p class="help" id="jwt_signing-help">We then also keep the new key itself, encrypted with a server key, because checking an HS256 signature needs the secret; without this we keep only a hash. A registered public key goes to the new key either way.</p>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-danger">Roll key</button>
          <a class="btn btn-secondary" href="/settings/api-keys">Cancel</a>
        </div>
      </form><?cs
    else ?>
      <form method="post" action="/settings/api-keys/<?cs var:Key.id ?>/revoke" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="form-actions">
          <button type="submit" class="btn btn-danger">Revoke key</button>
          <a class="btn btn-secondary" href="/settings/api-keys">Cancel</a>
        </div>
      </form><?cs
    /if ?>
    </section>
<?cs include:"layout_bottom.cs" ?>
