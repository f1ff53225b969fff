<?cs # An app's Ed25519 public keys for client-signed JWTs and private_key_jwt.
      Reads: App.{client_id,name,jwt_signing}, Form.public_jwks, Errors.public_jwks,
      Csrf (plus the layout's variables). ?><?cs
if:!Page.nav ?><?cs set:Page.nav = "oauth-apps" ?><?cs /if ?><?cs include:"layout_top.cs" ?>
    <section class="panel" aria-labelledby="keys-heading">
      <h1 id="keys-heading">Signing keys of <?cs var:App.name ?></h1>
      <p>With a registered Ed25519 public key the app signs its own JWTs (EdDSA, header kid = the key's kid, iss = <code class="mono"><?cs var:App.client_id ?></code>) and authenticates at the token endpoint with private_key_jwt. Only public keys are stored here; nothing secret.</p>
      <p class="help"><?cs if:App.jwt_signing == 1 ?>The client secret is also kept sealed for HS256 tokens; rotating the secret without ticking the box ends that.<?cs else ?>HS256 tokens signed with the client secret are off: only its hash is kept. Tick the box when rotating the secret to allow them.<?cs /if ?></p>
      <form method="post" action="/settings/oauth-apps/<?cs var:App.client_id ?>/signing-keys" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="field<?cs if:Errors.public_jwks ?> has-error<?cs /if ?>">
          <label for="public_jwks">Ed25519 public keys (JWK Set)</label>
          <textarea id="public_jwks" name="public_jwks" rows="6" autocomplete="off" autocapitalize="none" spellcheck="false" aria-describedby="<?cs if:Errors.public_jwks ?>public_jwks-error <?cs /if ?>public_jwks-help"<?cs if:Errors.public_jwks ?> aria-invalid="true" autofocus<?cs /if ?>><?cs var:Form.public_jwks ?></textarea><?cs if:Errors.public_jwks ?>
          <p class="field-error" id="public_jwks-error"><?cs var:Errors.public_jwks ?></p><?cs /if ?>
          <p class="help" id="public_jwks-help">A JWK Set, <code>{"keys": [ … ]}</code>, of up to five Ed25519 public keys (kty OKP, crv Ed25519, x), each with its own kid. Leave empty to remove them all; tokens signed by a removed key stop working at once.</p>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Save keys</button>
          <a class="btn btn-secondary" href="/settings/oauth-apps">Cancel</a>
        </div>
      </form>
    </section>
<?cs include:"layout_bottom.cs" ?>
