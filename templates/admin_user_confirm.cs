<?cs # Admin: confirmation before disabling a user or resetting their password; works
      without JavaScript. Reads: Confirm.action ("disable" or "reset"),
      Target.{id,email,name}, Csrf (plus the layout's variables). ?><?cs
if:!Page.title ?><?cs if:Confirm.action == "reset" ?><?cs set:Page.title = "Reset password" ?><?cs else ?><?cs set:Page.title = "Disable user" ?><?cs /if ?><?cs /if ?><?cs
if:!Page.nav ?><?cs set:Page.nav = "admin-users" ?><?cs /if ?><?cs include:"layout_top.cs" ?>
    <section class="panel confirm" aria-labelledby="confirm-heading"><?cs
    if:Confirm.action == "reset" ?>
      <h1 id="confirm-heading">Reset the password of <?cs var:Target.email ?>?</h1>
      <p>A new password is generated and shown to you once. Their sessions and tokens end.</p><?cs
    else ?>
      <h1 id="confirm-heading">Disable <?cs var:Target.email ?>?</h1>
      <p>They are signed out everywhere, can't sign in, and their API keys and tokens stop working until the account is enabled again.</p><?cs
    /if ?>
      <dl class="summary">
        <dt>Email</dt>
        <dd><?cs var:Target.email ?></dd>
        <dt>Name</dt>
        <dd><?cs if:Target.name ?><?cs var:Target.name ?><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
        <dt>ID</dt>
        <dd class="mono"><?cs var:Target.id ?></dd>
      </dl><?cs
    if:Confirm.action == "reset" ?>
      <form method="post" action="/admin/users/<?cs var:Target.id ?>/reset-password" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="form-actions">
          <button type="submit" class="btn btn-danger">Reset password</button>
          <a class="btn btn-secondary" href="/admin/users">Cancel</a>
        </div>
      </form><?cs
    else ?>
      <form method="post" action="/admin/users/<?cs var:Target.id ?>/disable" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="form-actions">
          <button type="submit" class="btn btn-danger">Disable account</button>
          <a class="btn btn-secondary" href="/admin/users">Cancel</a>
        </div>
      </form><?cs
    /if ?>
    </section>
<?cs include:"layout_bottom.cs" ?>
