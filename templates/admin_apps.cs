<?cs # Admin: every OAuth app. Reads: Apps.count,
      Apps.N.{client_id,name,owner_email,client_type,resource_server,owner_disabled},
      Csrf (plus the layout's variables). Rows are the children that have children,
      so Apps.count is never taken for a row.
      Below a width the rows become cards (app.css "cards"): a cell's data-label is its
      label there, and cell-title, cell-status and cell-meta say where it goes. ?><?cs include:"layout_top.cs" ?>
    <header class="page-header">
      <h1>Apps</h1>
      <p class="page-lede">Every OAuth app registered here. A resource server may introspect every credential (API keys, sign-in and OAuth tokens of all users); any other app sees only the tokens issued to it.</p>
    </header>

    <section class="panel" aria-labelledby="apps-heading">
      <div class="panel-header">
        <div>
          <h2 id="apps-heading">All apps <span class="muted">(<?cs var:Apps.count ?>)</span></h2>
          <p class="panel-lede">Mark as a resource server only the API gateway or service that checks credentials for your API.</p>
        </div>
      </div><?cs if:Apps.count == 0 ?>
      <div class="empty">
        <h3>No apps</h3>
        <p>Users register OAuth apps under Settings → OAuth apps.</p>
      </div><?cs else ?>
      <div class="table-wrap">
        <table class="table table-apps table-admin-apps table-wide">
          <thead>
            <tr>
              <th scope="col">App</th>
              <th scope="col">Owner</th>
              <th scope="col">Type</th>
              <th scope="col">Introspection</th>
              <th scope="col" class="col-actions"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody><?cs each:a = Apps ?><?cs if:subcount(a) > 0 ?>
            <tr data-client-id="<?cs var:a.client_id ?>">
              <td class="app-name cell-title"><div class="name"><?cs var:a.name ?></div><div class="mono muted client-id"><?cs var:a.client_id ?></div></td>
              <td class="app-owner" data-label="Owner"><?cs var:a.owner_email ?><?cs if:a.owner_disabled == 1 ?> <span class="badge badge-revoked">Owner disabled</span><?cs /if ?></td>
              <td class="cell-meta" data-label="Type"><?cs var:a.client_type ?></td>
              <td class="cell-status"><?cs if:a.resource_server == 1 ?><span class="badge badge-active">Resource server</span><?cs else ?><span class="muted">Its own tokens</span><?cs /if ?></td>
              <td class="col-actions"><?cs if:a.client_type == "confidential" ?>
                <form method="post" action="/admin/apps/<?cs var:a.client_id ?>/resource-server" class="inline-form">
                  <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><?cs if:a.resource_server == 1 ?>
                  <input type="hidden" name="resource_server" value="off">
                  <button type="submit" class="btn btn-secondary btn-sm">Stop<span class="visually-hidden"> <?cs var:a.name ?></span> introspecting all</button><?cs else ?>
                  <input type="hidden" name="resource_server" value="on">
                  <button type="submit" class="btn btn-secondary btn-sm">Make<span class="visually-hidden"> <?cs var:a.name ?></span> a resource server</button><?cs /if ?>
                </form><?cs /if ?>
              </td>
            </tr><?cs /if ?><?cs /each ?>
          </tbody>
        </table>
      </div><?cs /if ?>
    </section>
<?cs include:"layout_bottom.cs" ?>
