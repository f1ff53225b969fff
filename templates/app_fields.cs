<?cs # The fields an app is registered and edited with: name, redirect URIs,
      client type (registration only: AppForm.edit unset), scopes, grant types.
      Reads Form.*, Errors.*, Focus, AppForm.edit; included by oauth_apps.cs and
      app_edit.cs inside their <form>. ?>
        <div class="field<?cs if:Errors.name ?> has-error<?cs /if ?>">
          <label for="name">Name</label>
          <input type="text" id="name" name="name" value="<?cs var:Form.name ?>" maxlength="100" required autocomplete="off" aria-describedby="<?cs if:Errors.name ?>name-error <?cs /if ?>name-help"<?cs if:Errors.name ?> aria-invalid="true"<?cs /if ?><?cs if:Focus == "name" ?> autofocus<?cs /if ?>><?cs
          if:Errors.name ?>
          <p class="field-error" id="name-error"><?cs var:Errors.name ?></p><?cs /if ?>
          <p class="help" id="name-help">Shown to people on the consent screen when the app asks for access.</p>
        </div>

        <div class="field<?cs if:Errors.redirect_uris ?> has-error<?cs /if ?>">
          <label for="redirect_uris">Redirect URIs</label>
          <textarea id="redirect_uris" name="redirect_uris" rows="3" autocomplete="off" autocapitalize="none" spellcheck="false" aria-describedby="<?cs if:Errors.redirect_uris ?>redirect_uris-error <?cs /if ?>redirect_uris-help"<?cs if:Errors.redirect_uris ?> aria-invalid="true"<?cs /if ?><?cs if:Focus == "redirect_uris" ?> autofocus<?cs /if ?>><?cs var:Form.redirect_uris ?></textarea><?cs
          if:Errors.redirect_uris ?>
          <p class="field-error" id="redirect_uris-error"><?cs var:Errors.redirect_uris ?></p><?cs /if ?>
          <p class="help" id="redirect_uris-help">One per line. Exact URLs. https only, except http://localhost and http://127.0.0.1, which match any port. No fragments or wildcards.</p>
        </div>

<?cs if:!AppForm.edit ?>
        <fieldset class="field<?cs if:Errors.client_type ?> has-error<?cs /if ?>">
          <legend>Client type</legend>
          <ul class="checks">
            <li class="check">
              <input type="radio" id="type-confidential" name="client_type" value="confidential"<?cs if:Form.client_type != "public" ?> checked<?cs /if ?> aria-describedby="<?cs if:Errors.client_type ?>client_type-error <?cs /if ?>type-confidential-help"<?cs if:Errors.client_type ?> aria-invalid="true"<?cs /if ?><?cs if:Focus == "client_type" ?> autofocus<?cs /if ?>>
              <label for="type-confidential">Confidential</label>
              <p class="help" id="type-confidential-help">Server-side apps that can keep a client secret. They also use PKCE.</p>
            </li>
            <li class="check">
              <input type="radio" id="type-public" name="client_type" value="public"<?cs if:Form.client_type == "public" ?> checked<?cs /if ?> aria-describedby="<?cs if:Errors.client_type ?>client_type-error <?cs /if ?>type-public-help"<?cs if:Errors.client_type ?> aria-invalid="true"<?cs /if ?>>
              <label for="type-public">Public</label>
              <p class="help" id="type-public-help">Single-page and mobile apps, which can't keep a secret. They have none and must use PKCE.</p>
            </li>
          </ul><?cs if:Errors.client_type ?>
          <p class="field-error" id="client_type-error"><?cs var:Errors.client_type ?></p><?cs /if ?>
        </fieldset><?cs /if ?>

        <div class="field<?cs if:Errors.scopes ?> has-error<?cs /if ?>">
          <label for="scopes">Scopes</label>
          <input type="text" id="scopes" name="scopes" value="<?cs var:Form.scopes ?>" autocomplete="off" autocapitalize="none" spellcheck="false" aria-describedby="<?cs if:Errors.scopes ?>scopes-error <?cs /if ?>scopes-help"<?cs if:Errors.scopes ?> aria-invalid="true"<?cs /if ?><?cs if:Focus == "scopes" ?> autofocus<?cs /if ?>><?cs
          if:Errors.scopes ?>
          <p class="field-error" id="scopes-error"><?cs var:Errors.scopes ?></p><?cs /if ?>
          <p class="help" id="scopes-help">Space-separated. What the app may ask for: read, write, delete, admin, resource:read-style permissions, and offline_access for refresh tokens.</p>
        </div>

        <fieldset class="field<?cs if:Errors.grant_types ?> has-error<?cs /if ?>">
          <legend>Grant types</legend>
          <ul class="checks">
            <li class="check">
              <input type="checkbox" id="grant-authorization_code" name="grant_types" value="authorization_code"<?cs if:Form.grant.authorization_code == 1 || Form.submitted != 1 ?> checked<?cs /if ?> aria-describedby="<?cs if:Errors.grant_types ?>grant_types-error <?cs /if ?>grant-authorization_code-help"<?cs if:Errors.grant_types ?> aria-invalid="true"<?cs /if ?><?cs if:Focus == "grant_types" ?> autofocus<?cs /if ?>>
              <label for="grant-authorization_code"><code>authorization_code</code></label>
              <p class="help" id="grant-authorization_code-help">People sign in and approve the app on the consent screen.</p>
            </li>
            <li class="check">
              <input type="checkbox" id="grant-refresh_token" name="grant_types" value="refresh_token"<?cs if:Form.grant.refresh_token == 1 ?> checked<?cs /if ?> aria-describedby="<?cs if:Errors.grant_types ?>grant_types-error <?cs /if ?>grant-refresh_token-help"<?cs if:Errors.grant_types ?> aria-invalid="true"<?cs /if ?>>
              <label for="grant-refresh_token"><code>refresh_token</code></label>
              <p class="help" id="grant-refresh_token-help">The app keeps access after the access token expires. Needs the offline_access scope.</p>
            </li>
            <li class="check">
              <input type="checkbox" id="grant-client_credentials" name="grant_types" value="client_credentials"<?cs if:Form.grant.client_credentials == 1 ?> checked<?cs /if ?> aria-describedby="<?cs if:Errors.grant_types ?>grant_types-error <?cs /if ?>grant-client_credentials-help"<?cs if:Errors.grant_types ?> aria-invalid="true"<?cs /if ?>>
              <label for="grant-client_credentials"><code>client_credentials</code></label>
              <p class="help" id="grant-client_credentials-help">For confidential apps acting for themselves, with no person signing in.</p>
            </li>
          </ul><?cs if:Errors.grant_types ?>
          <p class="field-error" id="grant_types-error"><?cs var:Errors.grant_types ?></p><?cs /if ?>
        </fieldset>

