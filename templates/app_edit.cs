<?cs # Editing an app: name, redirect URIs, scopes, grant types; the client ID
      and type stay. Reads: App.{client_id,name,client_type}, Form.*, Errors.*,
      Csrf (plus the layout's variables); AppForm.edit makes app_fields.cs leave
      out the client type. ?><?cs
if:Errors.name ?><?cs set:Focus = "name" ?><?cs
elif:Errors.redirect_uris ?><?cs set:Focus = "redirect_uris" ?><?cs
elif:Errors.scopes ?><?cs set:Focus = "scopes" ?><?cs
elif:Errors.grant_types ?><?cs set:Focus = "grant_types" ?><?cs /if ?><?cs
include:"layout_top.cs" ?>
    <header class="page-header">
      <p class="breadcrumb"><a href="/settings/oauth-apps">OAuth apps</a></p>
      <h1>Edit <?cs var:App.name ?></h1>
      <p class="page-lede"><span class="mono"><?cs var:App.client_id ?></span> · <?cs if:App.client_type == "confidential" ?>Confidential<?cs else ?>Public<?cs /if ?> (the client ID and type stay)</p>
    </header>

    <section class="panel" aria-label="App settings">
      <p class="panel-lede">Adding scopes, grant types or redirect URIs takes effect at once; people approve new scopes the next time the app asks. Removing any of them signs the app out everywhere: its tokens stop working and people approve it again.</p>
      <form method="post" action="/settings/oauth-apps/<?cs var:App.client_id ?>/edit" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
<?cs include:"app_fields.cs" ?>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Save</button>
          <a class="btn btn-secondary" href="/settings/oauth-apps">Cancel</a>
        </div>
      </form>
    </section>
<?cs include:"layout_bottom.cs" ?>
