<?cs # Editing a key: its name; a restricted key's permissions, narrowed only.
      Reads: Key.* (keyrow.c), Form.{sent,name,resource_permissions,perm.*} after
      an error, Errors.{name,permissions,resource_permissions}, Csrf (plus the
      layout's variables). Tmp.* is scratch. ?><?cs
if:Form.sent ?><?cs set:Tmp.name = Form.name ?><?cs else ?><?cs set:Tmp.name = Key.name ?><?cs /if ?><?cs
include:"layout_top.cs" ?>
    <header class="page-header">
      <p class="breadcrumb"><a href="/settings/api-keys">API keys</a></p>
      <h1>Edit <?cs var:Key.name ?></h1>
      <p class="page-lede mono"><?cs var:Key.prefix ?>…<?cs var:Key.hint ?> · <?cs var:Key.id ?></p>
    </header>

    <section class="panel" aria-label="Key settings">
      <form method="post" action="/settings/api-keys/<?cs var:Key.id ?>/edit" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="field<?cs if:Errors.name ?> has-error<?cs /if ?>">
          <label for="name">Name</label>
          <input type="text" id="name" name="name" value="<?cs var:Tmp.name ?>" maxlength="100" required autocomplete="off" spellcheck="false"<?cs if:Errors.name ?> aria-invalid="true" aria-describedby="name-error" autofocus<?cs /if ?>><?cs if:Errors.name ?>
          <p class="field-error" id="name-error"><?cs var:Errors.name ?></p><?cs /if ?>
        </div><?cs if:Key.restricted == 1 ?>

        <fieldset class="field<?cs if:Errors.permissions ?> has-error<?cs /if ?>">
          <legend>Permissions</legend>
          <p class="help" id="perms-help">Untick what the key no longer needs. Permissions can only be narrowed: for more, create a new key.</p>
          <ul class="checks"><?cs each:p = Key.perms ?><?cs if:p == "read" || p == "write" || p == "delete" ?>
            <li class="check">
              <input type="checkbox" id="perm-<?cs var:p ?>" name="permissions" value="<?cs var:p ?>"<?cs if:!Form.sent || Form.perm[p] == 1 ?> checked<?cs /if ?> aria-describedby="<?cs if:Errors.permissions ?>permissions-error <?cs /if ?>perms-help"<?cs if:Errors.permissions ?> aria-invalid="true"<?cs /if ?>>
              <label for="perm-<?cs var:p ?>"><code><?cs var:p ?></code></label>
            </li><?cs /if ?><?cs /each ?>
          </ul><?cs if:Errors.permissions ?>
          <p class="field-error" id="permissions-error"><?cs var:Errors.permissions ?></p><?cs /if ?>
        </fieldset>

        <div class="field<?cs if:Errors.resource_permissions ?> has-error<?cs /if ?>">
          <label for="resource_permissions">Resource permissions</label><?cs
          if:Form.sent ?><?cs set:Tmp.res = Form.resource_permissions ?><?cs else ?><?cs set:Tmp.res = "" ?><?cs
            each:p = Key.perms ?><?cs if:string.find(p, ":") > 0 ?><?cs if:Tmp.res ?><?cs set:Tmp.res = Tmp.res + " " + p ?><?cs else ?><?cs set:Tmp.res = p ?><?cs /if ?><?cs /if ?><?cs /each ?><?cs /if ?>
          <input type="text" id="resource_permissions" name="resource_permissions" value="<?cs var:Tmp.res ?>" autocomplete="off" autocapitalize="none" spellcheck="false" aria-describedby="<?cs if:Errors.resource_permissions ?>resource_permissions-error <?cs /if ?>resource_permissions-help"<?cs if:Errors.resource_permissions ?> aria-invalid="true" autofocus<?cs /if ?>><?cs if:Errors.resource_permissions ?>
          <p class="field-error" id="resource_permissions-error"><?cs var:Errors.resource_permissions ?></p><?cs /if ?>
          <p class="help" id="resource_permissions-help">Space-separated. Remove entries, or replace one with a narrower one (read covers every resource:read).</p>
        </div><?cs else ?>
        <div class="field<?cs if:Errors.permissions ?> has-error<?cs /if ?>">
          <p class="label">Permissions</p>
          <div class="chips"><?cs each:p = Key.perms ?><span class="chip"><?cs var:p ?></span><?cs /each ?></div>
          <p class="help">These can't be changed: only a restricted key's permissions can be narrowed. For other permissions, create a new key and revoke this one.</p><?cs if:Errors.permissions ?>
          <p class="field-error" id="permissions-error"><?cs var:Errors.permissions ?></p><?cs /if ?>
        </div><?cs /if ?>

        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Save</button>
          <a class="btn btn-secondary" href="/settings/api-keys">Cancel</a>
        </div>
      </form>
    </section>
<?cs include:"layout_bottom.cs" ?>
