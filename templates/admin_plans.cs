<?cs # Admin: the plans (tiers) of SPEC 9. Reads: Plans.count,
      Plans.N.{name,display_name,rank,limits,accounts,keys}, Form.{name,display_name,rank,
      per_second,per_hour,per_month}, Errors.name, Csrf (plus the layout's variables).
      Rows are the children that have children, so Plans.count is never taken for a row. ?><?cs
set:V.display_name = Form.display_name ?><?cs set:V.rank = Form.rank ?><?cs
set:V.per_second = Form.per_second ?><?cs set:V.per_hour = Form.per_hour ?><?cs
set:V.per_month = Form.per_month ?><?cs include:"layout_top.cs" ?>
    <header class="page-header">
      <h1>Plans</h1>
      <p class="page-lede">Plans are the tiers you sell, such as Lite, Standard and Professional. An account's plan sets its monthly quota and the highest tier its keys may have; a key's tier sets its limits per second and per hour.</p>
    </header>

    <section class="panel" aria-labelledby="plans-heading">
      <div class="panel-header">
        <div>
          <h2 id="plans-heading">All plans <span class="muted">(<?cs var:Plans.count ?>)</span></h2>
          <p class="panel-lede">Assign plans on the Users page; set a key's tier from the Keys page.</p>
        </div>
      </div><?cs if:Plans.count == 0 ?>
      <div class="empty">
        <h3>No plans yet</h3>
        <p>Without plans every key has the default limit and no account has a quota. Create one below.</p>
      </div><?cs else ?>
      <div class="table-wrap">
        <table class="table table-plans">
          <thead>
            <tr>
              <th scope="col">Plan</th>
              <th scope="col">Rank</th>
              <th scope="col">Limits</th>
              <th scope="col">Accounts</th>
              <th scope="col">Keys</th>
              <th scope="col" class="col-actions"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody><?cs each:p = Plans ?><?cs if:subcount(p) > 0 ?>
            <tr data-plan="<?cs var:p.name ?>">
              <td class="cell-title"><div class="name"><?cs var:p.display_name ?></div><div class="mono muted"><?cs var:p.name ?></div></td>
              <td class="cell-meta" data-label="Rank"><?cs var:p.rank ?></td>
              <td class="cell-meta" data-label="Limits"><?cs if:p.limits ?><?cs var:p.limits ?><?cs else ?><span class="muted">defaults, no quota</span><?cs /if ?></td>
              <td class="cell-meta" data-label="Accounts"><?cs var:p.accounts ?></td>
              <td class="cell-meta" data-label="Keys"><?cs var:p.keys ?></td>
              <td class="col-actions"><a class="btn btn-secondary btn-sm" href="/admin/plans/<?cs var:p.name ?>">Edit<span class="visually-hidden"> <?cs var:p.display_name ?></span></a></td>
            </tr><?cs /if ?><?cs /each ?>
          </tbody>
        </table>
      </div><?cs /if ?>
    </section>

    <section class="panel" id="create" aria-labelledby="create-heading">
      <div class="panel-header">
        <div>
          <h2 id="create-heading">Create a plan</h2>
        </div>
      </div>
      <form method="post" action="/admin/plans" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="field<?cs if:Errors.name ?> has-error<?cs /if ?>">
          <label for="name">Name</label>
          <input type="text" id="name" name="name" value="<?cs var:Form.name ?>" required maxlength="32" pattern="[a-z0-9_\-]{1,32}" autocomplete="off" autocapitalize="none" spellcheck="false" aria-describedby="<?cs if:Errors.name ?>name-error <?cs /if ?>name-help"<?cs if:Errors.name ?> aria-invalid="true" autofocus<?cs /if ?>><?cs if:Errors.name ?>
          <p class="field-error" id="name-error"><?cs var:Errors.name ?></p><?cs /if ?>
          <p class="help" id="name-help">For programs and the CLI, e.g. standard: a-z, 0-9, _ and -.</p>
        </div>
<?cs include:"plan_fields.cs" ?>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Create plan</button>
        </div>
      </form>
    </section>
<?cs include:"layout_bottom.cs" ?>
