<?cs # Admin: audit log. Reads: Filter.{actor,action,from,to}, Errors.filter,
      Events.count, Events.total, Events.N.{at,at_ago,actor_email,actor_id,action,
      action_text,target,ip,detail}, Paging.{prev,next,page,pages} (plus the layout's
      variables). Rows are the children that have children, so Events.count and
      Events.total are never taken for rows. An event without an actor email shows as
      "system". An actor's email may wrap before its @ (<wbr>); Tmp.at is scratch.
      Below a width the rows become cards (app.css "cards"). The cells keep exactly
      these classes and no other attribute, as tests/e2e/admin.test.mjs matches them;
      app.css labels them by class. ?><?cs
if:!Page.title ?><?cs set:Page.title = "Audit log" ?><?cs /if ?><?cs
if:!Page.nav ?><?cs set:Page.nav = "admin-audit" ?><?cs /if ?><?cs include:"layout_top.cs" ?>
    <header class="page-header">
      <h1>Audit log</h1>
      <p class="page-lede">Sign-ins, password changes, key, app and consent changes, and admin actions: who did what, when, and from which address. Secrets are never recorded.</p>
    </header>

    <section class="panel" id="events" aria-labelledby="events-heading">
      <div class="panel-header">
        <div>
          <h2 id="events-heading">Events <span class="muted">(<?cs var:Events.total ?>)</span></h2><?cs if:Events.total != 0 ?>
          <p class="panel-lede">Showing <?cs var:Events.count ?> of <?cs var:Events.total ?>.</p><?cs /if ?>
        </div>
      </div><?cs if:Errors.filter ?>
      <div class="alert" role="alert" id="filter-error"><?cs var:Errors.filter ?></div><?cs /if ?>
      <form method="get" action="/admin/audit" class="filters" role="search" aria-label="Filter events">
        <div class="field">
          <label for="f-actor">Who (email)</label>
          <input type="email" id="f-actor" name="actor" value="<?cs var:Filter.actor ?>" autocomplete="off" autocapitalize="none" spellcheck="false">
        </div>
        <div class="field">
          <label for="f-action">Action</label>
          <input type="text" id="f-action" name="action" value="<?cs var:Filter.action ?>" placeholder="key.revoke" autocomplete="off" autocapitalize="none" spellcheck="false">
        </div>
        <div class="field field-sm">
          <label for="f-from">From date</label>
          <input type="date" id="f-from" name="from" value="<?cs var:Filter.from ?>">
        </div>
        <div class="field field-sm">
          <label for="f-to">To date</label>
          <input type="date" id="f-to" name="to" value="<?cs var:Filter.to ?>">
        </div>
        <div class="filter-actions">
          <button type="submit" class="btn btn-secondary">Filter</button>
          <a href="/admin/audit">Clear</a>
        </div>
      </form><?cs if:Events.total == 0 ?>
      <div class="empty">
        <h3>No events match.</h3>
        <p><a href="/admin/audit">Clear the filters</a> to see every event.</p>
      </div><?cs else ?>
      <div class="table-wrap">
        <table class="table table-audit table-wide">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Target</th>
              <th scope="col">From</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody><?cs each:e = Events ?><?cs if:subcount(e) > 0 ?>
            <tr>
              <td class="nowrap"><time datetime="<?cs var:e.at ?>" title="<?cs var:e.at ?>"><?cs var:e.at_ago ?></time></td>
              <td class="audit-who"><?cs if:e.actor_email ?><span<?cs if:e.actor_id ?> title="<?cs var:e.actor_id ?>"<?cs /if ?>><?cs set:Tmp.at = string.find(e.actor_email, "@") ?><?cs if:Tmp.at > 0 ?><?cs var:string.slice(e.actor_email, 0, Tmp.at) ?><wbr><?cs var:string.slice(e.actor_email, Tmp.at, string.length(e.actor_email)) ?><?cs else ?><?cs var:e.actor_email ?><?cs /if ?></span><?cs else ?><span class="muted"<?cs if:e.actor_id ?> title="<?cs var:e.actor_id ?>"<?cs /if ?>>system</span><?cs /if ?></td>
              <td class="audit-what"><div><?cs var:e.action_text ?></div><code class="audit-code"><?cs var:e.action ?></code></td>
              <td class="audit-target"><?cs if:e.target ?><span class="mono"><?cs var:e.target ?></span><?cs else ?><span class="muted">—</span><?cs /if ?></td>
              <td class="mono audit-ip"><?cs if:e.ip ?><?cs var:e.ip ?><?cs else ?><span class="muted">—</span><?cs /if ?></td>
              <td class="audit-detail"><?cs var:e.detail ?></td>
            </tr><?cs /if ?><?cs /each ?>
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label="Pages">
        <span class="pager-text">Page <?cs var:Paging.page ?> of <?cs var:Paging.pages ?></span><?cs if:Paging.prev ?>
        <a class="btn btn-secondary btn-sm" href="<?cs var:Paging.prev ?>" rel="prev">Previous</a><?cs /if ?><?cs if:Paging.next ?>
        <a class="btn btn-secondary btn-sm" href="<?cs var:Paging.next ?>" rel="next">Next</a><?cs /if ?>
      </nav><?cs /if ?>
    </section>
<?cs include:"layout_bottom.cs" ?>
