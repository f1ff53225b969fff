<?cs # The create-key form, on its own page. Reads: Form.{nonce,name,environment,
      restricted,perm.read,perm.write,perm.delete,perm.admin,resource_permissions,
      expires_in_days,expires_on,min_date,jwt_signing,public_jwk}, Errors.{form,name,
      environment,permissions,resource_permissions,expires_in_days,expires_on,public_jwk}, Csrf (plus the layout's
      variables). After an error the first field in error gets autofocus, which
      also scrolls the form into view without JavaScript. ?><?cs
if:Errors.name ?><?cs set:Focus = "name" ?><?cs
elif:Errors.environment ?><?cs set:Focus = "environment" ?><?cs
elif:Errors.permissions ?><?cs set:Focus = "permissions" ?><?cs
elif:Errors.resource_permissions ?><?cs set:Focus = "resource_permissions" ?><?cs
elif:Errors.expires_in_days ?><?cs set:Focus = "expires_in_days" ?><?cs
elif:Errors.expires_on ?><?cs set:Focus = "expires_on" ?><?cs
elif:Errors.public_jwk ?><?cs set:Focus = "public_jwk" ?><?cs
elif:Errors.form ?><?cs set:Focus = "name" ?><?cs /if ?><?cs include:"layout_top.cs" ?>
    <header class="page-header">
      <p class="breadcrumb"><a href="/settings/api-keys">API keys</a></p>
      <h1 id="create-heading">Create an API key</h1>
    </header>

    <section class="panel" id="create" aria-label="New key">
      <p class="panel-lede">The full key is shown once, right after you create it.</p><?cs if:Errors.form ?>
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

        <fieldset class="field<?cs if:Errors.public_jwk ?> has-error<?cs /if ?>">
          <legend>Client-signed tokens <span class="help">(optional)</span></legend>
          <div class="check">
            <input type="checkbox" id="jwt_signing" name="jwt_signing" value="1"<?cs if:Form.jwt_signing == 1 ?> checked<?cs /if ?> aria-describedby="jwt_signing-help">
            <label for="jwt_signing">Allow signing JWTs with this key (HS256)</label>
            <p class="help" id="jwt_signing-help">We then also keep the key itself, encrypted with a server key, because checking an HS256 signature needs the secret; without this we keep only a hash. A registered public key below needs no stored secret and is the safer choice.</p>
          </div>
          <label for="public_jwk">Ed25519 public key (JWK)</label>
          <textarea id="public_jwk" name="public_jwk" rows="3" autocomplete="off" autocapitalize="none" spellcheck="false" aria-describedby="<?cs if:Errors.public_jwk ?>public_jwk-error <?cs /if ?>public_jwk-help"<?cs if:Errors.public_jwk ?> aria-invalid="true"<?cs /if ?><?cs if:Focus == "public_jwk" ?> autofocus<?cs /if ?>><?cs var:Form.public_jwk ?></textarea><?cs if:Errors.public_jwk ?>
          <p class="field-error" id="public_jwk-error"><?cs var:Errors.public_jwk ?></p><?cs /if ?>
          <p class="help" id="public_jwk-help">For EdDSA tokens: an Ed25519 public JWK (kty OKP, crv Ed25519, x). Only the public half; the token's header kid is this key's id.</p>
        </fieldset>


<?cs include:"key_tier_field.cs" ?>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Create key</button>
          <a class="btn btn-secondary" href="/settings/api-keys">Cancel</a>
        </div>
      </form>
    </section>
<?cs include:"layout_bottom.cs" ?>
