<?cs # Admin: edit one plan. Reads Plan.{name,display_name,rank,per_second,per_hour,
      per_month}, Errors.form, Csrf (plus the layout's variables). ?><?cs
set:V.display_name = Plan.display_name ?><?cs set:V.rank = Plan.rank ?><?cs
set:V.per_second = Plan.per_second ?><?cs set:V.per_hour = Plan.per_hour ?><?cs
set:V.per_month = Plan.per_month ?><?cs include:"layout_top.cs" ?>
    <header class="page-header">
      <h1>Plan <span class="mono"><?cs var:Plan.name ?></span></h1>
      <p class="page-lede">Changes apply on the next request of every account and key on this plan.</p>
    </header>
    <section class="panel" aria-labelledby="edit-heading">
      <h2 id="edit-heading" class="visually-hidden">Edit</h2><?cs if:Errors.form ?>
      <div class="alert" role="alert"><?cs var:Errors.form ?></div><?cs /if ?>
      <form method="post" action="/admin/plans/<?cs var:Plan.name ?>" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
<?cs include:"plan_fields.cs" ?>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Save plan</button>
          <a class="btn btn-secondary" href="/admin/plans">Cancel</a>
        </div>
      </form>
    </section>
<?cs include:"layout_bottom.cs" ?>
