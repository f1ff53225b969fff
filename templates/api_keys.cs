<?cs # API keys page. Reads: NewKey.{secret,name,rolled_from,grace_text},
      Keys.count, Keys.live_count, Keys.ended_count, Keys.N.* (keyrow.c: id,name,
      prefix,hint,environment,restricted,perms.*,created*,last_used*,expires*,status,
      status_text,due_rotation,rolled_to,rolled_from), Csrf (plus the layout's variables).
      Rows are the children that have children, so Keys.count is never taken for a row.
      Active and expiring keys are listed first; revoked and expired ones fold into a
      <details> below. A resource permission chip may wrap after its colon (<wbr>);
      Tmp.colon is scratch. The text of #new-key is exactly the secret: no whitespace
      inside that element.
      Below a width the rows become cards (app.css "cards"): a cell's data-label is its
      label there. The Last used and Expires cells stay bare <td>s, as
      tests/e2e/keys.test.mjs matches them; app.css labels them by position. ?><?cs
def:when(label, iso, ago, exact) ?><?cs if:iso ?><time datetime="<?cs var:iso ?>" title="<?cs var:exact ?>"><?cs var:ago ?></time><span class="date-exact"><span aria-hidden="true"> · </span><?cs var:exact ?></span><?cs else ?><span class="muted"><?cs var:label ?></span><?cs /if ?><?cs /def ?><?cs
def:key_head() ?>
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
          </thead><?cs /def ?><?cs
def:key_row(k) ?>
            <tr data-key-id="<?cs var:k.id ?>">
              <td class="key-name cell-title"><div class="name"><?cs var:k.name ?></div><div class="mono muted key-id"><?cs var:k.id ?></div><?cs
                if:k.rolled_from ?><div class="muted key-lineage">Replaces <span class="mono"><?cs var:k.rolled_from ?></span></div><?cs /if ?><?cs
                if:k.rolled_to ?><div class="muted key-lineage">Replaced by <span class="mono"><?cs var:k.rolled_to ?></span></div><?cs /if ?></td>
              <td class="key-key" data-label="Key"><code class="key-code"><?cs var:k.prefix ?>…<?cs var:k.hint ?></code><div class="chips key-env"><?cs
                if:k.environment == "live" ?><span class="badge badge-live">Live</span><?cs
                elif:k.environment == "test" ?><span class="badge badge-test">Test</span><?cs
                else ?><span class="badge"><?cs var:k.environment ?></span><?cs /if ?><?cs
                if:k.restricted == 1 ?><span class="badge">Restricted</span><?cs /if ?></div></td>
              <td class="key-perms" data-label="Permissions"><?cs if:subcount(k.perms) > 0 ?><div class="chips"><?cs each:p = k.perms ?><?cs set:Tmp.colon = string.find(p, ":") ?><span class="chip"><?cs if:Tmp.colon > 0 ?><?cs var:string.slice(p, 0, Tmp.colon + 1) ?><wbr><?cs var:string.slice(p, Tmp.colon + 1, string.length(p)) ?><?cs else ?><?cs var:p ?><?cs /if ?></span><?cs /each ?></div><?cs else ?><span class="muted">none</span><?cs /if ?></td>
              <td class="key-date cell-meta" data-label="Created"><time datetime="<?cs var:k.created ?>" title="<?cs var:k.created_exact ?>"><?cs var:k.created_ago ?></time></td>
              <td><?cs call:when("never", k.last_used, k.last_used_ago, k.last_used_exact) ?></td>
              <td><?cs call:when("never", k.expires, k.expires_ago, k.expires_exact) ?></td>
              <td class="key-status cell-status"><span class="badge badge-<?cs var:k.status ?>"><?cs var:k.status_text ?></span><?cs if:k.due_rotation == 1 ?>
                <div class="rotation-due" title="This key is more than 90 days old. Keys older than 90 days should be rolled.">Due for rotation<span class="visually-hidden">: older than 90 days, roll it</span></div><?cs /if ?></td>
              <td class="col-actions"><?cs if:k.status == "active" || k.status == "expiring" ?><div class="key-actions">
                <a class="btn btn-secondary btn-sm" href="/settings/api-keys/<?cs var:k.id ?>/edit">Edit<span class="visually-hidden"> <?cs var:k.name ?></span></a><?cs if:!k.rolled_to ?>
                <a class="btn btn-secondary btn-sm" href="/settings/api-keys/<?cs var:k.id ?>/roll">Roll<span class="visually-hidden"> <?cs var:k.name ?></span></a><?cs /if ?>
                <a class="btn btn-danger btn-sm" href="/settings/api-keys/<?cs var:k.id ?>/revoke">Revoke<span class="visually-hidden"> <?cs var:k.name ?></span></a></div><?cs /if ?>
              </td>
            </tr><?cs /def ?><?cs
include:"layout_top.cs" ?>
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
          <h2 id="keys-heading">Your keys <span class="muted">(<?cs var:Keys.live_count ?>)</span></h2><?cs if:Keys.live_count != 0 ?>
          <p class="panel-lede">Roll a key to replace it without downtime. Revoke a key to stop it at once.</p><?cs /if ?>
        </div><?cs if:Keys.count != 0 ?>
        <a class="btn btn-primary" href="/settings/api-keys/new">Create key</a><?cs /if ?>
      </div><?cs if:Keys.count == 0 ?>
      <div class="empty">
        <h3>No API keys yet</h3>
        <p>API keys let your programs call the API on your behalf. Use test keys while developing and live keys in production, and give each key only the permissions it needs.</p>
        <p><a class="btn btn-primary" href="/settings/api-keys/new">Create your first key</a></p>
      </div><?cs elif:Keys.live_count == 0 ?>
      <div class="empty">
        <h3>No active keys</h3>
        <p>Every key of yours is revoked or expired. Programs need an active key to call the API.</p>
      </div><?cs else ?>
      <div class="table-wrap">
        <table class="table table-keys table-own-keys table-wide"><?cs call:key_head() ?>
          <tbody><?cs each:k = Keys ?><?cs if:subcount(k) > 0 && (k.status == "active" || k.status == "expiring") ?><?cs call:key_row(k) ?><?cs /if ?><?cs /each ?>
          </tbody>
        </table>
      </div><?cs /if ?>
    </section><?cs if:Keys.ended_count != 0 ?>

    <details class="panel panel-ended" id="ended-keys">
      <summary><h2 id="ended-heading">Revoked and expired <span class="muted">(<?cs var:Keys.ended_count ?>)</span></h2></summary>
      <p class="panel-lede">These keys no longer work. They are kept for your records and deleted some time after they ended.</p>
      <div class="table-wrap">
        <table class="table table-keys table-own-keys table-wide"><?cs call:key_head() ?>
          <tbody><?cs each:k = Keys ?><?cs if:subcount(k) > 0 && k.status != "active" && k.status != "expiring" ?><?cs call:key_row(k) ?><?cs /if ?><?cs /each ?>
          </tbody>
        </table>
      </div>
    </details><?cs /if ?>
<?cs include:"layout_bottom.cs" ?>
