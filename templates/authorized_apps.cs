<?cs # Authorized apps: the apps the user approved, or (when Confirm.client_id is set) the
      confirmation before revoking one; works without JavaScript. Reads:
      Confirm.{client_id,app_name}, Grants.count,
      Grants.N.{client_id,app_name,owner_email,scopes.*,granted,granted_ago}, Csrf (plus
      the layout's variables). Rows are the children that have children, so
      Grants.count is never taken for a row.
      Below a width the rows become cards (app.css "cards"): a cell's data-label is its
      label there, and cell-title, cell-status and cell-meta say where it goes. ?><?cs
if:!Page.title ?><?cs set:Page.title = "Authorized apps" ?><?cs /if ?><?cs
if:!Page.nav ?><?cs set:Page.nav = "authorized-apps" ?><?cs /if ?><?cs include:"layout_top.cs" ?><?cs
if:Confirm.client_id ?>
    <section class="panel confirm" aria-labelledby="confirm-heading">
      <h1 id="confirm-heading">Revoke access for <?cs var:Confirm.app_name ?>?</h1>
      <p>The app loses access at once: its tokens stop working. It will have to ask you again.</p>
      <dl class="summary">
        <dt>App</dt>
        <dd><?cs var:Confirm.app_name ?></dd>
        <dt>Client ID</dt>
        <dd class="mono"><?cs var:Confirm.client_id ?></dd>
      </dl>
      <form method="post" action="/settings/authorized-apps/<?cs var:Confirm.client_id ?>/revoke" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="form-actions">
          <button type="submit" class="btn btn-danger">Revoke access</button>
          <a class="btn btn-secondary" href="/settings/authorized-apps">Cancel</a>
        </div>
      </form>
    </section><?cs
else ?>
    <header class="page-header">
      <h1>Authorized apps</h1>
      <p class="page-lede">Apps you allowed to use your account with OAuth. Revoke any you no longer use or don't recognise.</p>
    </header>

    <section class="panel" aria-labelledby="grants-heading">
      <div class="panel-header">
        <div>
          <h2 id="grants-heading">Apps with access <span class="muted">(<?cs var:Grants.count ?>)</span></h2><?cs if:Grants.count != 0 ?>
          <p class="panel-lede">Revoking an app stops its tokens at once.</p><?cs /if ?>
        </div>
      </div><?cs if:Grants.count == 0 ?>
      <div class="empty">
        <h3>No authorized apps</h3>
        <p>You haven't authorized any apps. When an app asks to use your account and you approve, it appears here.</p>
      </div><?cs else ?>
      <div class="table-wrap">
        <table class="table table-grants">
          <thead>
            <tr>
              <th scope="col">App</th>
              <th scope="col">Access</th>
              <th scope="col">Approved</th>
              <th scope="col" class="col-actions"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody><?cs each:g = Grants ?><?cs if:subcount(g) > 0 ?>
            <tr data-client-id="<?cs var:g.client_id ?>">
              <td class="app-name cell-title"><div class="name"><?cs var:g.app_name ?></div><?cs if:g.owner_email ?><div class="muted">by <?cs var:g.owner_email ?></div><?cs /if ?></td>
              <td class="grant-scopes" data-label="Access"><?cs if:subcount(g.scopes) > 0 ?><div class="chips"><?cs each:s = g.scopes ?><span class="chip"><?cs var:s ?></span><?cs /each ?></div><?cs else ?><span class="muted">none</span><?cs /if ?></td>
              <td class="nowrap cell-meta" data-label="Approved"><time datetime="<?cs var:g.granted ?>" title="<?cs var:g.granted ?>"><?cs var:g.granted_ago ?></time></td>
              <td class="col-actions">
                <a class="btn btn-danger btn-sm" href="/settings/authorized-apps/<?cs var:g.client_id ?>/revoke">Revoke<span class="visually-hidden"> access for <?cs var:g.app_name ?></span></a>
              </td>
            </tr><?cs /if ?><?cs /each ?>
          </tbody>
        </table>
      </div><?cs /if ?>
    </section><?cs
/if ?>
<?cs include:"layout_bottom.cs" ?>
