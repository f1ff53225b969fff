<?cs # Admin: every user's API keys. Reads: Found.{id,owner_email,owner_id,name,prefix,
      hint,environment,perms.*,status,status_text,created,created_ago,last_used,
      last_used_ago,nokey,malformed,none,extracted}, Filter.{owner,status,environment,q}, Owner.{id,email},
      Keys.count, Keys.total, Keys.N.{id,owner_email,name,prefix,hint,environment,tier,restricted,perms.*,
      status,status_text,due_rotation,owner_disabled,rolled_to,rolled_from,created,
      created_ago,last_used,last_used_ago,expires,expires_ago} (as keyrow.c sets them;
      Found.* the same),
      Paging.{prev,next,page,pages}, Filter.page, Ticked.<key id> (ticked before an
      error), Errors.{bulk,owner} and Form.{bulk,owner}_reason (the bulk form or the
      owner's form sent back), Csrf (plus the layout's variables).
      The bulk and owner forms are GETs of the confirmation page (/admin/keys/revoke),
      which does the POST; they carry the filters, to come back to the same list. The
      "select every key" box is hidden until static/app.js shows it.
      Rows are the children that have children, so Keys.count and Keys.total are never
      taken for rows. The pasted key is never echoed back. Only active and expiring keys
      get a checkbox and a Revoke link; the bulk controls appear only when at least one
      row has one (Tmp.revocable). A permission chip may wrap after its colon and an
      owner's email before its @ (<wbr>); Tmp.colon and Tmp.at are scratch.
      Below a width the rows become cards (app.css "cards"): a cell's data-label is its
      label there, and cell-title, cell-status and cell-meta say where it goes.
      A key's status reads as on the owner's page (keyview.c): its badge, "Owner
      disabled" while its owner's account is disabled (it is refused then, whatever its
      own status), "Due for rotation", and the keys it replaces or is replaced by.
      The owner is in the name's cell, not a column of its own, and the table's dates
      are short ("3 d ago"; the exact time and the long form in the
      title), so that its columns fit beside the navigation at 1200 px. ?><?cs
if:!Page.title ?><?cs set:Page.title = "All API keys" ?><?cs /if ?><?cs
if:!Page.nav ?><?cs set:Page.nav = "admin-keys" ?><?cs /if ?><?cs
def:key_perms(k) ?><?cs if:subcount(k.perms) > 0 ?><div class="chips"><?cs each:p = k.perms ?><?cs set:Tmp.colon = string.find(p, ":") ?><span class="chip"><?cs if:Tmp.colon > 0 ?><?cs var:string.slice(p, 0, Tmp.colon + 1) ?><wbr><?cs var:string.slice(p, Tmp.colon + 1, string.length(p)) ?><?cs else ?><?cs var:p ?><?cs /if ?></span><?cs /each ?></div><?cs else ?><span class="muted">none</span><?cs /if ?><?cs if:k.restricted == 1 ?><div class="muted key-kind">Restricted</div><?cs /if ?><?cs /def ?><?cs
def:key_status(k) ?><span class="badge badge-<?cs var:k.status ?>"><?cs var:k.status_text ?></span><?cs if:k.owner_disabled == 1 ?>
                <span class="badge badge-owner-disabled" title="Refused while its owner's account is disabled; it works again if the account is enabled.">Owner disabled</span><?cs /if ?><?cs if:k.due_rotation == 1 ?>
                <div class="rotation-due" title="This key is more than 90 days old. Keys older than 90 days should be rolled.">Due for rotation<span class="visually-hidden">: older than 90 days</span></div><?cs /if ?><?cs /def ?><?cs
def:key_rolls(k) ?><?cs if:k.rolled_to ?>
                <div class="key-roll muted">replaced by <a class="mono" href="/admin/keys?q=<?cs var:url_escape(k.rolled_to) ?>"><?cs var:k.rolled_to ?></a></div><?cs /if ?><?cs if:k.rolled_from ?>
                <div class="key-roll muted">replaces <a class="mono" href="/admin/keys?q=<?cs var:url_escape(k.rolled_from) ?>"><?cs var:k.rolled_from ?></a></div><?cs /if ?><?cs /def ?><?cs
set:Tmp.revocable = 0 ?><?cs each:k = Keys ?><?cs if:subcount(k) > 0 && (k.status == "active" || k.status == "expiring") ?><?cs set:Tmp.revocable = 1 ?><?cs /if ?><?cs /each ?><?cs
include:"layout_top.cs" ?>
    <header class="page-header">
      <h1>All API keys</h1>
      <p class="page-lede">Every user's API keys. Revoke a key that leaked or that nobody should hold any more; each revocation goes to the audit log with your reason.</p>
    </header>

    <section class="panel" id="find" aria-labelledby="find-heading">
      <div class="panel-header">
        <div>
          <h2 id="find-heading">Find a leaked key</h2>
          <p class="panel-lede">Found a key in a repository, a log or a ticket? Paste it to see whose it is, then revoke it.</p>
        </div>
      </div><?cs if:Found.nokey == 1 ?>
      <div class="alert" role="alert" id="find-error">That isn't a Latchkey API key: nothing in what you pasted looks like one (<code>sk_live_</code>, <code>sk_test_</code>, <code>rk_live_</code> or <code>rk_test_</code>, then 38 letters and digits).</div><?cs
      elif:Found.malformed == 1 ?>
      <div class="alert" role="alert" id="find-error">That isn't a Latchkey API key: it has the shape of one but its checksum is wrong, so a character is mistyped or missing.</div><?cs
      elif:Found.none == 1 ?>
      <div class="alert" role="alert" id="find-error">No key matches<?cs if:Found.extracted == 1 ?> the key in what you pasted<?cs /if ?>. It is well formed, but this Latchkey has no record of it: it may come from another installation.</div><?cs /if ?>
      <form method="post" action="/admin/keys/find" class="form find-form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="field field-wide">
          <label for="key">Paste a full key</label>
          <div class="find-row">
            <input type="text" id="key" name="key" class="input-mono" required autocomplete="off" autocapitalize="none" spellcheck="false" aria-describedby="<?cs if:Found.nokey == 1 || Found.malformed == 1 || Found.none == 1 ?>find-error <?cs /if ?>key-help"<?cs if:Found.nokey == 1 || Found.malformed == 1 || Found.none == 1 ?> aria-invalid="true" autofocus<?cs /if ?>>
            <button type="submit" class="btn btn-primary">Find</button>
          </div>
          <p class="help" id="key-help">Or the line it was found in, such as <code>Authorization: Bearer sk_live_…</code> or a log line: the key is taken from it. It is checked, never stored or logged.</p>
        </div>
      </form>
    </section><?cs if:Found.id ?>

    <section class="panel" id="found" aria-labelledby="found-heading">
      <h2 id="found-heading">Key found: <?cs var:Found.name ?></h2><?cs if:Found.extracted == 1 ?>
      <p class="muted" id="found-extracted">Taken from the text you pasted.</p><?cs /if ?>
      <dl class="summary">
        <dt>ID</dt>
        <dd class="mono"><?cs var:Found.id ?></dd>
        <dt>Owner</dt>
        <dd><?cs var:Found.owner_email ?> <span class="mono muted"><?cs var:Found.owner_id ?></span></dd>
        <dt>Name</dt>
        <dd><?cs var:Found.name ?></dd>
        <dt>Key</dt>
        <dd><code><?cs var:Found.prefix ?>…<?cs var:Found.hint ?></code></dd>
        <dt>Environment</dt>
        <dd><?cs if:Found.environment == "live" ?><span class="badge badge-live">Live</span><?cs
          elif:Found.environment == "test" ?><span class="badge badge-test">Test</span><?cs
          else ?><span class="badge"><?cs var:Found.environment ?></span><?cs /if ?></dd>
        <dt>Permissions</dt>
        <dd><?cs call:key_perms(Found) ?></dd>
        <dt>Status</dt>
        <dd><?cs call:key_status(Found) ?><?cs call:key_rolls(Found) ?></dd>
        <dt>Created</dt>
        <dd><time datetime="<?cs var:Found.created ?>" title="<?cs var:Found.created ?>"><?cs var:Found.created_ago ?></time></dd>
        <dt>Last used</dt>
        <dd><?cs if:Found.last_used ?><time datetime="<?cs var:Found.last_used ?>" title="<?cs var:Found.last_used ?>"><?cs var:Found.last_used_ago ?></time><?cs else ?><span class="muted">never</span><?cs /if ?></dd>
        <dt>Expires</dt>
        <dd><?cs if:Found.expires ?><time datetime="<?cs var:Found.expires ?>" title="<?cs var:Found.expires ?>"><?cs var:Found.expires_ago ?></time><?cs else ?><span class="muted">never</span><?cs /if ?></dd>
      </dl><?cs if:Found.status == "active" || Found.status == "expiring" ?>
      <div class="form-actions">
        <a class="btn btn-danger" href="/admin/keys/<?cs var:Found.id ?>/revoke">Revoke this key…</a>
      </div><?cs else ?>
      <p class="muted">This key no longer works: there is nothing to revoke.</p><?cs /if ?>
    </section><?cs /if ?>

    <section class="panel" id="keys" aria-labelledby="keys-heading">
      <div class="panel-header">
        <div>
          <h2 id="keys-heading">Keys <span class="muted">(<?cs var:Keys.total ?>)</span></h2><?cs if:Keys.total != 0 ?>
          <p class="panel-lede">Showing <?cs var:Keys.count ?> of <?cs var:Keys.total ?>.<?cs if:Tmp.revocable == 1 ?> Tick keys to revoke several at once.<?cs /if ?></p><?cs /if ?>
        </div>
      </div>
      <form method="get" action="/admin/keys" class="filters" role="search" aria-label="Filter keys">
        <div class="field">
          <label for="f-owner">Owner email</label>
          <input type="email" id="f-owner" name="owner" value="<?cs var:Filter.owner ?>" autocomplete="off" autocapitalize="none" spellcheck="false">
        </div>
        <div class="field field-sm">
          <label for="f-status">Status</label>
          <select id="f-status" name="status">
            <option value=""<?cs if:!Filter.status ?> selected<?cs /if ?>>Any</option>
            <option value="active"<?cs if:Filter.status == "active" ?> selected<?cs /if ?>>Active</option>
            <option value="expired"<?cs if:Filter.status == "expired" ?> selected<?cs /if ?>>Expired</option>
            <option value="revoked"<?cs if:Filter.status == "revoked" ?> selected<?cs /if ?>>Revoked</option>
          </select>
        </div>
        <div class="field field-sm">
          <label for="f-environment">Environment</label>
          <select id="f-environment" name="environment">
            <option value=""<?cs if:!Filter.environment ?> selected<?cs /if ?>>Any</option>
            <option value="live"<?cs if:Filter.environment == "live" ?> selected<?cs /if ?>>Live</option>
            <option value="test"<?cs if:Filter.environment == "test" ?> selected<?cs /if ?>>Test</option>
          </select>
        </div>
        <div class="field">
          <label for="f-q">Name or key ID</label>
          <input type="search" id="f-q" name="q" value="<?cs var:Filter.q ?>" autocomplete="off" autocapitalize="none" spellcheck="false">
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-secondary">Filter</button>
          <a href="/admin/keys">Clear</a>
        </div>
      </form><?cs if:Owner.id ?>

      <form method="get" action="/admin/keys/revoke" class="form danger-zone" id="owner-form" aria-labelledby="owner-heading">
        <h3 id="owner-heading">Revoke all of <?cs var:Owner.email ?>'s active keys</h3>
        <p>Every active key of this user stops working at once; programs using them get 401. You see the list before anything happens. This can't be undone.</p>
        <input type="hidden" name="all_of_user" value="<?cs var:Owner.id ?>"><?cs if:Filter.owner ?>
        <input type="hidden" name="owner" value="<?cs var:Filter.owner ?>"><?cs /if ?><?cs if:Filter.status ?>
        <input type="hidden" name="status" value="<?cs var:Filter.status ?>"><?cs /if ?><?cs if:Filter.environment ?>
        <input type="hidden" name="environment" value="<?cs var:Filter.environment ?>"><?cs /if ?><?cs if:Filter.q ?>
        <input type="hidden" name="q" value="<?cs var:Filter.q ?>"><?cs /if ?><?cs if:Filter.page ?>
        <input type="hidden" name="page" value="<?cs var:Filter.page ?>"><?cs /if ?>
        <div class="field<?cs if:Errors.owner ?> has-error<?cs /if ?>">
          <label for="owner-reason">Reason (goes to the audit log)</label>
          <input type="text" id="owner-reason" name="reason" value="<?cs var:Form.owner_reason ?>" maxlength="500" required autocomplete="off"<?cs if:Errors.owner ?> aria-invalid="true" aria-describedby="owner-error" autofocus<?cs /if ?>><?cs if:Errors.owner ?>
          <p class="field-error" id="owner-error" role="alert"><?cs var:Errors.owner ?></p><?cs /if ?>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-danger">Revoke all their active keys…</button>
        </div>
      </form><?cs /if ?><?cs if:Keys.total == 0 ?>
      <div class="empty">
        <h3>No keys match these filters.</h3>
        <p><a href="/admin/keys">Clear the filters</a> to see every key.</p>
      </div><?cs else ?>
      <form method="get" action="/admin/keys/revoke" class="form bulk-form" id="bulk-form"><?cs if:Filter.owner ?>
        <input type="hidden" name="owner" value="<?cs var:Filter.owner ?>"><?cs /if ?><?cs if:Filter.status ?>
        <input type="hidden" name="status" value="<?cs var:Filter.status ?>"><?cs /if ?><?cs if:Filter.environment ?>
        <input type="hidden" name="environment" value="<?cs var:Filter.environment ?>"><?cs /if ?><?cs if:Filter.q ?>
        <input type="hidden" name="q" value="<?cs var:Filter.q ?>"><?cs /if ?><?cs if:Filter.page ?>
        <input type="hidden" name="page" value="<?cs var:Filter.page ?>"><?cs /if ?>
        <div class="table-wrap">
          <table class="table table-keys table-admin-keys table-wide">
            <thead>
              <tr>
                <th scope="col" class="col-select"><?cs if:Tmp.revocable == 1 ?><input type="checkbox" id="select-all" data-select-all="key_id" hidden><label class="visually-hidden" for="select-all">Select every key listed</label><?cs else ?><span class="visually-hidden">Select</span><?cs /if ?></th>
                <th scope="col">Name and owner</th>
                <th scope="col">Key</th>
                <th scope="col">Permissions</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col" class="col-actions"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody><?cs each:k = Keys ?><?cs if:subcount(k) > 0 ?>
              <tr data-key-id="<?cs var:k.id ?>">
                <td class="col-select nowrap"><?cs if:k.status == "active" || k.status == "expiring" ?><input type="checkbox" id="sel-<?cs var:k.id ?>" name="key_id" value="<?cs var:k.id ?>"<?cs if:Ticked[k.id] == 1 ?> checked<?cs /if ?>><label class="visually-hidden" for="sel-<?cs var:k.id ?>">Select <?cs var:k.name ?> of <?cs var:k.owner_email ?></label><?cs /if ?></td>
                <td class="key-name cell-title"><div class="name"><?cs var:k.name ?></div><div class="key-owner"><span class="visually-hidden">Owner: </span><a href="/admin/keys?owner=<?cs var:url_escape(k.owner_email) ?>" title="Show only the keys of <?cs var:k.owner_email ?>"><?cs set:Tmp.at = string.find(k.owner_email, "@") ?><?cs if:Tmp.at > 0 ?><?cs var:string.slice(k.owner_email, 0, Tmp.at) ?><wbr><?cs var:string.slice(k.owner_email, Tmp.at, string.length(k.owner_email)) ?><?cs else ?><?cs var:k.owner_email ?><?cs /if ?></a></div><div class="mono muted key-id"><?cs var:k.id ?></div><?cs call:key_rolls(k) ?></td>
                <td class="key-key cell-meta" data-label="Key"><code class="key-code"><?cs var:k.prefix ?>…<?cs var:k.hint ?></code><div class="chips key-env"><?cs
                  if:k.environment == "live" ?><span class="badge badge-live">Live</span><?cs
                  elif:k.environment == "test" ?><span class="badge badge-test">Test</span><?cs
                  else ?><span class="badge"><?cs var:k.environment ?></span><?cs /if ?><?cs
                  if:k.tier ?><span class="badge badge-tier" title="Tier <?cs var:k.tier ?>"><?cs var:k.tier ?></span><?cs /if ?></div></td>
                <td class="key-perms" data-label="Permissions"><?cs call:key_perms(k) ?></td>
                <td class="key-status cell-status"><?cs call:key_status(k) ?></td>
                <td class="key-date cell-meta" data-label="Created"><time datetime="<?cs var:k.created ?>" title="<?cs var:k.created_exact ?> (<?cs var:k.created_ago ?>)"><?cs var:k.created_short ?></time></td>
                <td class="key-date cell-meta" data-label="Last used"><?cs if:k.last_used ?><time datetime="<?cs var:k.last_used ?>" title="<?cs var:k.last_used_exact ?> (<?cs var:k.last_used_ago ?>)"><?cs var:k.last_used_short ?></time><?cs else ?><span class="muted">never</span><?cs /if ?></td>
                <td class="key-date key-expires cell-meta" data-label="Expires"><?cs if:k.expires ?><time datetime="<?cs var:k.expires ?>" title="<?cs var:k.expires_exact ?> (<?cs var:k.expires_ago ?>)"><?cs var:k.expires_short ?></time><?cs else ?><span class="muted">never</span><?cs /if ?></td>
                <td class="col-actions"><?cs if:k.status == "active" || k.status == "expiring" ?>
                  <a class="btn btn-secondary btn-sm" href="/admin/keys/<?cs var:k.id ?>/tier">Tier<span class="visually-hidden"> of <?cs var:k.name ?></span></a>
                  <a class="btn btn-danger btn-sm" href="/admin/keys/<?cs var:k.id ?>/revoke">Revoke<span class="visually-hidden"> <?cs var:k.name ?> of <?cs var:k.owner_email ?></span></a><?cs /if ?>
                </td>
              </tr><?cs /if ?><?cs /each ?>
            </tbody>
          </table>
        </div><?cs if:Tmp.revocable == 1 ?>
        <div class="bulk-actions" id="bulk"><?cs if:Errors.bulk ?>
          <div class="alert bulk-error" role="alert" id="bulk-error"><?cs var:Errors.bulk ?></div><?cs /if ?>
          <div class="field<?cs if:Errors.bulk ?> has-error<?cs /if ?>">
            <label for="bulk-reason">Reason (goes to the audit log)</label>
            <input type="text" id="bulk-reason" name="reason" value="<?cs var:Form.bulk_reason ?>" maxlength="500" required autocomplete="off" aria-describedby="<?cs if:Errors.bulk ?>bulk-error <?cs /if ?>bulk-reason-help"<?cs if:Errors.bulk ?> aria-invalid="true" autofocus<?cs /if ?>>
            <p class="help" id="bulk-reason-help">Tick the keys above first. You see the list before anything happens.</p>
          </div>
          <button type="submit" class="btn btn-danger">Revoke selected…</button>
        </div><?cs /if ?>
      </form>
      <nav class="pager" aria-label="Pages">
        <span class="pager-text">Page <?cs var:Paging.page ?> of <?cs var:Paging.pages ?></span><?cs if:Paging.prev ?>
        <a class="btn btn-secondary btn-sm" href="<?cs var:Paging.prev ?>" rel="prev">Previous</a><?cs /if ?><?cs if:Paging.next ?>
        <a class="btn btn-secondary btn-sm" href="<?cs var:Paging.next ?>" rel="next">Next</a><?cs /if ?>
      </nav><?cs /if ?>
    </section>
<?cs include:"layout_bottom.cs" ?>
