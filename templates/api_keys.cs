<?cs # API keys page. Reads: NewKey.{secret,name,rolled_from,grace_text},
      Keys.count, Keys.N.{id,name,prefix,hint,environment,restricted,perms.*,created,
      created_ago,last_used,last_used_ago,expires,expires_ago,status,status_text,due_rotation},
      Form.{nonce,name,environment,restricted,perm.read,perm.write,perm.delete,perm.admin,
      resource_permissions,expires_in_days,expires_on,min_date}, Errors.{form,name,environment,permissions,
      resource_permissions,expires_in_days,expires_on}, Csrf (plus the layout's variables).
      Rows are the children that have children, so Keys.count is never taken for a row.
      A resource permission chip may wrap after its colon (<wbr>); Tmp.colon is scratch.
      The text of #new-key is exactly the secret: no whitespace inside that element.
      After an error the first field in error gets autofocus, which also scrolls the
      form into view without JavaScript.
      Below a width the rows become cards (app.css "cards"): a cell's data-label is its
      label there. The Last used and Expires cells stay bare <td>s, as
      tests/e2e/keys.test.mjs matches them; app.css labels them by position. ?><?cs
if:Errors.name ?><?cs set:Focus = "name" ?><?cs
elif:Errors.environment ?><?cs set:Focus = "environment" ?><?cs
elif:Errors.permissions ?><?cs set:Focus = "permissions" ?><?cs
elif:Errors.resource_permissions ?><?cs set:Focus = "resource_permissions" ?><?cs
elif:Errors.expires_in_days ?><?cs set:Focus = "expires_in_days" ?><?cs
elif:Errors.expires_on ?><?cs set:Focus = "expires_on" ?><?cs
elif:Errors.form ?><?cs set:Focus = "name" ?><?cs /if ?><?cs include:"layout_top.cs" ?>
    <header class="page-header">
      <h1>API keys</h1>
      <p class="page-lede">Keys let your programs call the API as you. Anyone holding a key can use it: keep keys out of source code, and roll or revoke any key that may have leaked.</p>
    </header><?cs if:NewKey.secret ?>

    <section class="panel panel-secret" aria-labelledby="new-key-heading">
      <h2 id="new-key-heading">Your new API key<?cs if:NewKey.name ?>: <?cs var:NewKey.name ?><?cs /if ?></h2>
      <p class="warning">Copy this key now. You won't be able to see it again.</p>
      <code id="new-key" class="secret-box"><?cs var:NewKey.secret ?></code><?cs if:NewKey.rolled_from ?>
      <p>It replaces <code><?cs var:NewKey.rolled_from ?></code>, which <?cs if:NewKey.grace_text ?>keeps working until <?cs var:NewKey.grace_text ?><?cs else ?>has stopped working<?cs /if ?>.</p><?cs /if ?>
      <div class="secret-actions">
        <button type="button" class="btn btn-primary" data-copy-target="new-key" hidden>Copy</button>
        <a class="btn btn-secondary" href="/settings/api-keys">Done</a>
      </div>
    </section><?cs /if ?>

    <section class="panel" aria-labelledby="keys-heading">
      <div class="panel-header">
        <div>
          <h2 id="keys-heading">Your keys <span class="muted">(<?cs var:Keys.count ?>)</span></h2><?cs if:Keys.count != 0 ?>
          <p class="panel-lede">Roll a key to replace it without downtime. Revoke a key to stop it at once.</p><?cs /if ?>
        </div><?cs if:Keys.count != 0 ?>
        <a class="btn btn-primary" href="#create">Create key</a><?cs /if ?>
      </div><?cs if:Keys.count == 0 ?>
      <div class="empty">
        <h3>No API keys yet</h3>
        <p>API keys let your programs call the API on your behalf. Use test keys while developing and live keys in production, and give each key only the permissions it needs.</p>
        <p><a class="btn btn-primary" href="#create">Create your first key</a></p>
      </div><?cs else ?>
      <div class="table-wrap">
        <table class="table table-keys table-own-keys table-wide">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Permissions</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">Status</th>
              <th scope="col" class="col-actions"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody><?cs each:k = Keys ?><?cs if:subcount(k) > 0 ?>
            <tr data-key-id="<?cs var:k.id ?>">
              <td class="key-name cell-title"><div class="name"><?cs var:k.name ?></div><div class="mono muted key-id"><?cs var:k.id ?></div></td>
              <td class="key-key" data-label="Key"><code class="key-code"><?cs var:k.prefix ?>…<?cs var:k.hint ?></code><div class="chips key-env"><?cs
                if:k.environment == "live" ?><span class="badge badge-live">Live</span><?cs
                elif:k.environment == "test" ?><span class="badge badge-test">Test</span><?cs
                else ?><span class="badge"><?cs var:k.environment ?></span><?cs /if ?><?cs
                if:k.restricted == 1 ?><span class="badge">Restricted</span><?cs /if ?></div></td>
              <td class="key-perms" data-label="Permissions"><?cs if:subcount(k.perms) > 0 ?><div class="chips"><?cs each:p = k.perms ?><?cs set:Tmp.colon = string.find(p, ":") ?><span class="chip"><?cs if:Tmp.colon > 0 ?><?cs var:string.slice(p, 0, Tmp.colon + 1) ?><wbr><?cs var:string.slice(p, Tmp.colon + 1, string.length(p)) ?><?cs else ?><?cs var:p ?><?cs /if ?></span><?cs /each ?></div><?cs else ?><span class="muted">none</span><?cs /if ?></td>
              <td class="key-date cell-meta" data-label="Created"><time datetime="<?cs var:k.created ?>" title="<?cs var:k.created ?>"><?cs var:k.created_ago ?></time></td>
              <td><?cs if:k.last_used ?><time datetime="<?cs var:k.last_used ?>" title="<?cs var:k.last_used ?>"><?cs var:k.last_used_ago ?></time><?cs else ?><span class="muted">never</span><?cs /if ?></td>
              <td><?cs if:k.expires ?><time datetime="<?cs var:k.expires ?>" title="<?cs var:k.expires ?>"><?cs var:k.expires_ago ?></time><?cs else ?><span class="muted">never</span><?cs /if ?></td>
              <td class="key-status cell-status"><span class="badge badge-<?cs var:k.status ?>"><?cs var:k.status_text ?></span><?cs if:k.due_rotation == 1 ?>
                <div class="rotation-due" title="This key is more than 90 days old. Keys older than 90 days should be rolled.">Due for rotation<span class="visually-hidden">: older than 90 days, roll it</span></div><?cs /if ?></td>
              <td class="col-actions"><?cs if:k.status == "active" || k.status == "expiring" ?><div class="key-actions">
                <a class="btn btn-secondary btn-sm" href="/settings/api-keys/<?cs var:k.id ?>/roll">Roll<span class="visually-hidden"> <?cs var:k.name ?></span></a>
                <a class="btn btn-danger btn-sm" href="/settings/api-keys/<?cs var:k.id ?>/revoke">Revoke<span class="visually-hidden"> <?cs var:k.name ?></span></a></div><?cs /if ?>
              </td>
            </tr><?cs /if ?><?cs /each ?>
          </tbody>
        </table>
      </div><?cs /if ?>
    </section>

    <section class="panel" id="create" aria-labelledby="create-heading">
      <div class="panel-header">
        <div>
          <h2 id="create-heading">Create a key</h2>
          <p class="panel-lede">The full key is shown once, right after you create it.</p>
        </div>
      </div><?cs if:Errors.form ?>
      <div class="alert" role="alert" id="create-error"><?cs var:Errors.form ?></div><?cs /if ?>
      <form method="post" action="/settings/api-keys" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <input type="hidden" name="form_nonce" value="<?cs var:Form.nonce ?>">
        <div class="field<?cs if:Errors.name ?> has-error<?cs /if ?>">
          <label for="name">Name</label>
          <input type="text" id="name" name="name" value="<?cs var:Form.name ?>" maxlength="100" required autocomplete="off" spellcheck="false" aria-describedby="<?cs if:Errors.name ?>name-error <?cs /if ?>name-help"<?cs if:Errors.name ?> aria-invalid="true"<?cs /if ?><?cs if:Focus == "name" ?> autofocus<?cs /if ?>><?cs
          if:Errors.name ?>
          <p class="field-error" id="name-error"><?cs var:Errors.name ?></p><?cs /if ?>
          <p class="help" id="name-help">A name to recognise the key by, e.g. ci-deploy.</p>
        </div>

        <fieldset class="field<?cs if:Errors.environment ?> has-error<?cs /if ?>">
          <legend>Environment</legend>
          <ul class="checks">
            <li class="check">
              <input type="radio" id="env-test" name="environment" value="test"<?cs if:Form.environment != "live" ?> checked<?cs /if ?> aria-describedby="<?cs if:Errors.environment ?>environment-error <?cs /if ?>env-test-help"<?cs if:Errors.environment ?> aria-invalid="true"<?cs /if ?><?cs if:Focus == "environment" ?> autofocus<?cs /if ?>>
              <label for="env-test">Test</label>
              <p class="help" id="env-test-help">For development. Test keys can't read or change live data.</p>
            </li>
            <li class="check">
              <input type="radio" id="env-live" name="environment" value="live"<?cs if:Form.environment == "live" ?> checked<?cs /if ?> aria-describedby="<?cs if:Errors.environment ?>environment-error <?cs /if ?>env-live-help"<?cs if:Errors.environment ?> aria-invalid="true"<?cs /if ?>>
              <label for="env-live">Live</label>
              <p class="help" id="env-live-help">For production. Live keys act on your real data.</p>
            </li>
          </ul><?cs if:Errors.environment ?>
          <p class="field-error" id="environment-error"><?cs var:Errors.environment ?></p><?cs /if ?>
        </fieldset>

        <div class="field">
          <div class="check">
            <input type="checkbox" id="restricted" name="restricted" value="1"<?cs if:Form.restricted == 1 ?> checked<?cs /if ?> aria-describedby="restricted-help">
            <label for="restricted">Restricted key</label>
            <p class="help" id="restricted-help">A restricted key (rk_…) can hold only the permissions you tick below plus resource permissions, never admin.</p>
          </div>
        </div>

        <fieldset class="field<?cs if:Errors.permissions ?> has-error<?cs /if ?>">
          <legend>Permissions</legend>
          <ul class="checks">
            <li class="check">
              <input type="checkbox" id="perm-read" name="permissions" value="read"<?cs if:Form.perm.read == 1 ?> checked<?cs /if ?> aria-describedby="<?cs if:Errors.permissions ?>permissions-error <?cs /if ?>perm-read-help"<?cs if:Errors.permissions ?> aria-invalid="true"<?cs /if ?><?cs if:Focus == "permissions" ?> autofocus<?cs /if ?>>
              <label for="perm-read"><code>read</code></label>
              <p class="help" id="perm-read-help">View resources.</p>
            </li>
            <li class="check">
              <input type="checkbox" id="perm-write" name="permissions" value="write"<?cs if:Form.perm.write == 1 ?> checked<?cs /if ?> aria-describedby="<?cs if:Errors.permissions ?>permissions-error <?cs /if ?>perm-write-help"<?cs if:Errors.permissions ?> aria-invalid="true"<?cs /if ?>>
              <label for="perm-write"><code>write</code></label>
              <p class="help" id="perm-write-help">Create and change resources.</p>
            </li>
            <li class="check">
              <input type="checkbox" id="perm-delete" name="permissions" value="delete"<?cs if:Form.perm.delete == 1 ?> checked<?cs /if ?> aria-describedby="<?cs if:Errors.permissions ?>permissions-error <?cs /if ?>perm-delete-help"<?cs if:Errors.permissions ?> aria-invalid="true"<?cs /if ?>>
              <label for="perm-delete"><code>delete</code></label>
              <p class="help" id="perm-delete-help">Remove resources.</p>
            </li>
            <li class="check">
              <input type="checkbox" id="perm-admin" name="permissions" value="admin"<?cs if:Form.perm.admin == 1 ?> checked<?cs /if ?> aria-describedby="<?cs if:Errors.permissions ?>permissions-error <?cs /if ?>perm-admin-help"<?cs if:Errors.permissions ?> aria-invalid="true"<?cs /if ?>>
              <label for="perm-admin"><code>admin</code></label>
              <p class="help" id="perm-admin-help">Everything, including managing keys. Not for restricted keys.</p>
            </li>
          </ul><?cs if:Errors.permissions ?>
          <p class="field-error" id="permissions-error"><?cs var:Errors.permissions ?></p><?cs /if ?>
        </fieldset>

        <div class="field<?cs if:Errors.resource_permissions ?> has-error<?cs /if ?>">
          <label for="resource_permissions">Resource permissions</label>
          <input type="text" id="resource_permissions" name="resource_permissions" value="<?cs var:Form.resource_permissions ?>" autocomplete="off" autocapitalize="none" spellcheck="false" aria-describedby="<?cs if:Errors.resource_permissions ?>resource_permissions-error <?cs /if ?>resource_permissions-help"<?cs if:Errors.resource_permissions ?> aria-invalid="true"<?cs /if ?><?cs if:Focus == "resource_permissions" ?> autofocus<?cs /if ?>><?cs
          if:Errors.resource_permissions ?>
          <p class="field-error" id="resource_permissions-error"><?cs var:Errors.resource_permissions ?></p><?cs /if ?>
          <p class="help" id="resource_permissions-help">Restricted keys only. Space-separated, e.g. invoices:read customers:write</p>
        </div>

        <div class="field<?cs if:Errors.expires_in_days ?> has-error<?cs /if ?>">
          <label for="expires_in_days">Expires</label>
          <select id="expires_in_days" name="expires_in_days" aria-describedby="<?cs if:Errors.expires_in_days ?>expires_in_days-error <?cs /if ?>expires_in_days-help"<?cs if:Errors.expires_in_days ?> aria-invalid="true"<?cs /if ?><?cs if:Focus == "expires_in_days" ?> autofocus<?cs /if ?>>
            <option value=""<?cs if:!Form.expires_in_days ?> selected<?cs /if ?>>Never</option>
            <option value="7"<?cs if:Form.expires_in_days == "7" ?> selected<?cs /if ?>>7 days</option>
            <option value="30"<?cs if:Form.expires_in_days == "30" ?> selected<?cs /if ?>>30 days</option>
            <option value="90"<?cs if:Form.expires_in_days == "90" ?> selected<?cs /if ?>>90 days</option>
          </select><?cs if:Errors.expires_in_days ?>
          <p class="field-error" id="expires_in_days-error"><?cs var:Errors.expires_in_days ?></p><?cs /if ?>
          <p class="help" id="expires_in_days-help">After this the key stops working. Keys older than 90 days are flagged for rotation.</p>
        </div>

        <div class="field<?cs if:Errors.expires_on ?> has-error<?cs /if ?>">
          <label for="expires_on">Or expires on a date</label>
          <input type="date" id="expires_on" name="expires_on" value="<?cs var:Form.expires_on ?>" min="<?cs var:Form.min_date ?>" aria-describedby="<?cs if:Errors.expires_on ?>expires_on-error <?cs /if ?>expires_on-help"<?cs if:Errors.expires_on ?> aria-invalid="true"<?cs /if ?><?cs if:Focus == "expires_on" ?> autofocus<?cs /if ?>><?cs if:Errors.expires_on ?>
          <p class="field-error" id="expires_on-error"><?cs var:Errors.expires_on ?></p><?cs /if ?>
          <p class="help" id="expires_on-help">The key stops working at the start of that day (UTC). Leave empty to use the choice above.</p>
        </div>

<?cs include:"key_tier_field.cs" ?>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Create key</button>
        </div>
      </form>
    </section>
<?cs include:"layout_bottom.cs" ?>
