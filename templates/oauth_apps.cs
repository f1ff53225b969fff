<?cs # OAuth apps page. Reads: NewApp.{client_id,name,secret,rotated,grace_text},
      Apps.count, Apps.N.{client_id,name,client_type,old_secret_until*,redirect_uris.*,scopes.*,grant_types.*,
      created,created_ago}, Form.{nonce,submitted,name,redirect_uris,client_type,scopes,
      grant.authorization_code,grant.refresh_token,grant.client_credentials},
      Errors.{form,name,redirect_uris,client_type,scopes,grant_types}, Csrf (plus the
      layout's variables). Rows are the children that have children, so Apps.count is
      never taken for a row. The texts of #client-id and #new-client-secret are exactly
      the id and the secret: no whitespace inside those elements. authorization_code is
      ticked by default unless the form is a re-render (Form.submitted == 1). After an
      error the first field in error gets autofocus, which also scrolls the form into
      view without JavaScript. A resource scope chip may wrap after its colon (<wbr>);
      Tmp.colon is scratch.
      Below a width the rows become cards (app.css "cards"): a cell's data-label is its
      label there, and cell-title, cell-status and cell-meta say where it goes. ?><?cs
if:Errors.name ?><?cs set:Focus = "name" ?><?cs
elif:Errors.redirect_uris ?><?cs set:Focus = "redirect_uris" ?><?cs
elif:Errors.client_type ?><?cs set:Focus = "client_type" ?><?cs
elif:Errors.scopes ?><?cs set:Focus = "scopes" ?><?cs
elif:Errors.grant_types ?><?cs set:Focus = "grant_types" ?><?cs
elif:Errors.form ?><?cs set:Focus = "name" ?><?cs /if ?><?cs
if:!Page.title ?><?cs set:Page.title = "OAuth apps" ?><?cs /if ?><?cs
if:!Page.nav ?><?cs set:Page.nav = "oauth-apps" ?><?cs /if ?><?cs include:"layout_top.cs" ?>
    <header class="page-header">
      <h1>OAuth apps</h1>
      <p class="page-lede">Apps you register here can ask people to sign in with Latchkey and give the app access to their account. The client ID is public; keep a client secret as safe as a password.</p>
    </header><?cs if:NewApp.client_id ?>

    <section class="panel panel-secret" aria-labelledby="new-app-heading">
      <h2 id="new-app-heading"><?cs if:NewApp.rotated == 1 ?>New client secret for <?cs var:NewApp.name ?><?cs else ?>App registered: <?cs var:NewApp.name ?><?cs /if ?></h2><?cs if:NewApp.secret ?>
      <p class="warning">Copy this secret now. You won't be able to see it again.</p><?cs else ?>
      <p>Public apps have no client secret: they sign people in with the client ID and PKCE.</p><?cs /if ?>
      <div class="credential">
        <p class="credential-label">Client ID</p>
        <div class="credential-row">
          <code id="client-id" class="id-box"><?cs var:NewApp.client_id ?></code>
          <button type="button" class="btn btn-secondary" data-copy-target="client-id" aria-label="Copy client ID" hidden>Copy</button>
        </div>
      </div><?cs if:NewApp.secret ?>
      <div class="credential">
        <p class="credential-label">Client secret</p>
        <div class="credential-row">
          <code id="new-client-secret" class="secret-box"><?cs var:NewApp.secret ?></code>
          <button type="button" class="btn btn-primary" data-copy-target="new-client-secret" aria-label="Copy client secret" hidden>Copy</button>
        </div><?cs if:NewApp.rotated == 1 ?><?cs if:NewApp.grace_text ?>
        <p class="help" id="old-secret-until">The previous secret keeps working until <?cs var:NewApp.grace_text ?>, then stops. Put this one in the app's configuration before then.</p><?cs else ?>
        <p class="help" id="old-secret-until">The previous secret has stopped working. Put this one in the app's configuration.</p><?cs /if ?><?cs /if ?>
      </div><?cs /if ?>
      <div class="secret-actions">
        <a class="btn btn-secondary" href="/settings/oauth-apps">Done</a>
      </div>
    </section><?cs /if ?>

    <section class="panel" aria-labelledby="apps-heading">
      <div class="panel-header">
        <div>
          <h2 id="apps-heading">Your apps <span class="muted">(<?cs var:Apps.count ?>)</span></h2><?cs if:Apps.count != 0 ?>
          <p class="panel-lede">Rotate a secret that may have leaked. Deleting an app stops every token issued to it.</p><?cs /if ?>
        </div><?cs if:Apps.count != 0 ?>
        <a class="btn btn-primary" href="#register">Register app</a><?cs /if ?>
      </div><?cs if:Apps.count == 0 ?>
      <div class="empty">
        <h3>No OAuth apps yet</h3>
        <p>Register an app to let it ask users for access with OAuth 2.0. People approve what it may do on a consent screen, and the app never sees their password.</p>
        <p><a class="btn btn-primary" href="#register">Register your first app</a></p>
      </div><?cs else ?>
      <div class="table-wrap">
        <table class="table table-apps table-own-apps table-wide">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Redirect URIs</th>
              <th scope="col">Scopes</th>
              <th scope="col">Grant types</th>
              <th scope="col">Created</th>
              <th scope="col" class="col-actions"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody><?cs each:a = Apps ?><?cs if:subcount(a) > 0 ?>
            <tr data-client-id="<?cs var:a.client_id ?>">
              <td class="app-name cell-title"><div class="name"><?cs var:a.name ?></div><div class="mono muted client-id"><?cs var:a.client_id ?></div><?cs if:a.old_secret_until ?><div class="muted key-lineage">Previous secret works until <time datetime="<?cs var:a.old_secret_until ?>"><?cs var:a.old_secret_until_exact ?></time></div><?cs /if ?></td>
              <td class="cell-status"><?cs if:a.client_type == "confidential" ?><span class="badge badge-confidential">Confidential</span><?cs
                elif:a.client_type == "public" ?><span class="badge badge-public">Public</span><?cs
                else ?><span class="badge"><?cs var:a.client_type ?></span><?cs /if ?></td>
              <td class="uris" data-label="Redirect URIs"><?cs if:subcount(a.redirect_uris) > 0 ?><ul class="uri-list"><?cs each:u = a.redirect_uris ?>
                <li><?cs var:u ?></li><?cs /each ?></ul><?cs else ?><span class="muted">none</span><?cs /if ?></td>
              <td class="app-scopes" data-label="Scopes"><?cs if:subcount(a.scopes) > 0 ?><div class="chips"><?cs each:s = a.scopes ?><?cs set:Tmp.colon = string.find(s, ":") ?><span class="chip"><?cs if:Tmp.colon > 0 ?><?cs var:string.slice(s, 0, Tmp.colon + 1) ?><wbr><?cs var:string.slice(s, Tmp.colon + 1, string.length(s)) ?><?cs else ?><?cs var:s ?><?cs /if ?></span><?cs /each ?></div><?cs else ?><span class="muted">none</span><?cs /if ?></td>
              <td class="grants cell-meta" data-label="Grant types"><?cs if:subcount(a.grant_types) > 0 ?><ul class="grant-list"><?cs each:g = a.grant_types ?>
                <li title="<?cs var:g ?>"><?cs if:g == "authorization_code" ?>Authorization code<?cs
                  elif:g == "refresh_token" ?>Refresh token<?cs
                  elif:g == "client_credentials" ?>Client credentials<?cs
                  else ?><?cs var:g ?><?cs /if ?></li><?cs /each ?></ul><?cs else ?><span class="muted">none</span><?cs /if ?></td>
              <td class="app-created cell-meta" data-label="Created"><time datetime="<?cs var:a.created ?>" title="<?cs var:a.created ?>"><?cs var:a.created_ago ?></time></td>
              <td class="col-actions"><div class="row-actions">
                <a class="btn btn-secondary btn-sm" href="/settings/oauth-apps/<?cs var:a.client_id ?>/edit">Edit<span class="visually-hidden"> <?cs var:a.name ?></span></a><?cs if:a.client_type == "confidential" ?>
                <a class="btn btn-secondary btn-sm" href="/settings/oauth-apps/<?cs var:a.client_id ?>/rotate-secret">Rotate secret<span class="visually-hidden"> of <?cs var:a.name ?></span></a><?cs /if ?>
                <a class="btn btn-danger btn-sm" href="/settings/oauth-apps/<?cs var:a.client_id ?>/delete">Delete<span class="visually-hidden"> <?cs var:a.name ?></span></a></div>
              </td>
            </tr><?cs /if ?><?cs /each ?>
          </tbody>
        </table>
      </div><?cs /if ?>
    </section>

    <section class="panel" id="register" aria-labelledby="register-heading">
      <div class="panel-header">
        <div>
          <h2 id="register-heading">Register an app</h2>
          <p class="panel-lede">You get a client ID, and for a confidential app a client secret, shown once right after you register.</p>
        </div>
      </div><?cs if:Errors.form ?>
      <div class="alert" role="alert" id="register-error"><?cs var:Errors.form ?></div><?cs /if ?>
      <form method="post" action="/settings/oauth-apps" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <input type="hidden" name="form_nonce" value="<?cs var:Form.nonce ?>">
<?cs include:"app_fields.cs" ?>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Register app</button>
        </div>
      </form>
    </section>
<?cs include:"layout_bottom.cs" ?>
