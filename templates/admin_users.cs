<?cs # Admin: users. Reads: NewUser.{email,password,reset}, Users.count,
      Users.N.{id,email,name,role,plan,status,created,created_ago,is_self}, Plans.N (SPEC 9),
      Form.{email,name,role}, Errors.{form,email,name,role,password}, Csrf (plus the
      layout's variables). Rows are the children that have children, so Users.count is
      never taken for a row. The text of #new-password is exactly the password: no
      whitespace inside that element. The password field is never refilled. After an
      error the first field in error gets autofocus, which also scrolls the form into
      view without JavaScript. An email in the table may wrap before its @ (<wbr>);
      Tmp.at is scratch.
      The role form is a GET of the confirmation page, which does the POST.
      Below a width the rows become cards (app.css "cards"): a cell's data-label is its
      label there, and cell-title, cell-status and cell-meta say where it goes. ?><?cs
if:Errors.email ?><?cs set:Focus = "email" ?><?cs
elif:Errors.name ?><?cs set:Focus = "name" ?><?cs
elif:Errors.role ?><?cs set:Focus = "role" ?><?cs
elif:Errors.password ?><?cs set:Focus = "password" ?><?cs
elif:Errors.form ?><?cs set:Focus = "email" ?><?cs /if ?><?cs
if:!Page.title ?><?cs set:Page.title = "Users" ?><?cs /if ?><?cs
if:!Page.nav ?><?cs set:Page.nav = "admin-users" ?><?cs /if ?><?cs include:"layout_top.cs" ?>
    <header class="page-header">
      <h1>Users</h1>
      <p class="page-lede">Everyone who can sign in to this Latchkey. Disabling an account signs it out everywhere and stops its API keys and tokens until you enable it again.</p>
      <div class="page-actions">
        <a class="btn btn-primary" href="#add">Add user</a>
      </div>
    </header><?cs if:NewUser.password ?>

    <section class="panel panel-secret" aria-labelledby="new-password-heading">
      <h2 id="new-password-heading"><?cs if:NewUser.reset == 1 ?>New password for <?cs else ?>Password for <?cs /if ?><?cs var:NewUser.email ?></h2>
      <p class="warning">Give this password to the user over a safe channel. You won't see it again.</p>
      <code id="new-password" class="secret-box"><?cs var:NewUser.password ?></code>
      <div class="secret-actions">
        <button type="button" class="btn btn-primary" data-copy-target="new-password" hidden>Copy</button>
        <a class="btn btn-secondary" href="/admin/users">Done</a>
      </div>
    </section><?cs /if ?>

    <section class="panel" aria-labelledby="users-heading">
      <div class="panel-header">
        <div>
          <h2 id="users-heading">All users <span class="muted">(<?cs var:Users.count ?>)</span></h2>
          <p class="panel-lede">Admins can manage every user, key and the audit log. You can't change your own account here.</p>
        </div>
      </div><?cs if:Users.count == 0 ?>
      <div class="empty">
        <h3>No users</h3>
        <p>Add a user to let them sign in and create their own API keys.</p>
        <p><a class="btn btn-primary" href="#add">Add a user</a></p>
      </div><?cs else ?>
      <div class="table-wrap">
        <table class="table table-users">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col" class="col-actions"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody><?cs each:u = Users ?><?cs if:subcount(u) > 0 ?>
            <tr data-user-id="<?cs var:u.id ?>"<?cs if:u.is_self == 1 ?> class="row-current"<?cs /if ?>>
              <td class="user-email cell-title"><div class="name"><?cs set:Tmp.at = string.find(u.email, "@") ?><?cs if:Tmp.at > 0 ?><?cs var:string.slice(u.email, 0, Tmp.at) ?><wbr><?cs var:string.slice(u.email, Tmp.at, string.length(u.email)) ?><?cs else ?><?cs var:u.email ?><?cs /if ?></div><?cs if:u.name ?><div class="muted"><?cs var:u.name ?></div><?cs /if ?><div class="user-keys"><a href="/admin/keys?owner=<?cs var:url_escape(u.email) ?>">API keys<span class="visually-hidden"> of <?cs var:u.email ?></span></a></div><div class="muted user-plan">Plan: <?cs if:u.plan ?><span class="badge badge-tier"><?cs var:u.plan ?></span><?cs else ?>none<?cs /if ?></div></td>
              <td class="nowrap cell-meta" data-label="Role"><?cs if:u.role == "admin" ?><span class="badge badge-admin">Admin</span><?cs else ?>User<?cs /if ?></td>
              <td class="nowrap cell-status"><?cs if:u.status == "active" ?><span class="badge badge-active">Active</span><?cs else ?><span class="badge badge-disabled">Disabled</span><?cs /if ?></td>
              <td class="nowrap cell-meta" data-label="Created"><time datetime="<?cs var:u.created ?>" title="<?cs var:u.created ?>"><?cs var:u.created_ago ?></time></td>
              <td class="col-actions"><div class="user-actions"><?cs if:Plans.count > 0 ?>
                <form method="post" action="/admin/users/<?cs var:u.id ?>/plan" class="inline-form role-form plan-form">
                  <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
                  <label class="visually-hidden" for="plan-<?cs var:u.id ?>">Plan of <?cs var:u.email ?></label>
                  <select id="plan-<?cs var:u.id ?>" name="plan">
                    <option value="none"<?cs if:!u.plan ?> selected<?cs /if ?>>No plan</option><?cs each:p = Plans ?><?cs if:p.name ?>
                    <option value="<?cs var:p.name ?>"<?cs if:u.plan == p.name ?> selected<?cs /if ?>><?cs var:p.display_name ?></option><?cs /if ?><?cs /each ?>
                  </select>
                  <button type="submit" class="btn btn-secondary btn-sm">Set plan<span class="visually-hidden"> of <?cs var:u.email ?></span></button>
                </form><?cs /if ?><?cs if:u.is_self == 1 ?>
                <span class="muted">You</span><?cs else ?>
                <form method="get" action="/admin/users/<?cs var:u.id ?>/role" class="inline-form role-form">
                  <label class="visually-hidden" for="role-<?cs var:u.id ?>">Role of <?cs var:u.email ?></label>
                  <select id="role-<?cs var:u.id ?>" name="role">
                    <option value="user"<?cs if:u.role != "admin" ?> selected<?cs /if ?>>User</option>
                    <option value="admin"<?cs if:u.role == "admin" ?> selected<?cs /if ?>>Admin</option>
                  </select>
                  <button type="submit" class="btn btn-secondary btn-sm">Change role…<span class="visually-hidden"> of <?cs var:u.email ?></span></button>
                </form>
                <div class="user-actions-row"><?cs if:u.status == "active" ?>
                  <a class="btn btn-danger btn-sm" href="/admin/users/<?cs var:u.id ?>/disable">Disable<span class="visually-hidden"> <?cs var:u.email ?></span></a><?cs else ?>
                  <form method="post" action="/admin/users/<?cs var:u.id ?>/enable" class="inline-form">
                    <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
                    <button type="submit" class="btn btn-secondary btn-sm">Enable<span class="visually-hidden"> <?cs var:u.email ?></span></button>
                  </form><?cs /if ?>
                  <a class="btn btn-secondary btn-sm" href="/admin/users/<?cs var:u.id ?>/reset-password">Reset password<span class="visually-hidden"> of <?cs var:u.email ?></span></a>
                </div><?cs /if ?></div>
              </td>
            </tr><?cs /if ?><?cs /each ?>
          </tbody>
        </table>
      </div><?cs /if ?>
    </section>

    <section class="panel" id="add" aria-labelledby="add-heading">
      <div class="panel-header">
        <div>
          <h2 id="add-heading">Add a user</h2>
          <p class="panel-lede">They sign in with this email and password and can then manage their own keys and apps.</p>
        </div>
      </div><?cs if:Errors.form ?>
      <div class="alert" role="alert" id="add-error"><?cs var:Errors.form ?></div><?cs /if ?>
      <form method="post" action="/admin/users" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="field<?cs if:Errors.email ?> has-error<?cs /if ?>">
          <label for="email">Email</label>
          <input type="email" id="email" name="email" value="<?cs var:Form.email ?>" maxlength="254" required autocomplete="off" autocapitalize="none" spellcheck="false"<?cs if:Errors.email ?> aria-invalid="true" aria-describedby="email-error"<?cs /if ?><?cs if:Focus == "email" ?> autofocus<?cs /if ?>><?cs
          if:Errors.email ?>
          <p class="field-error" id="email-error"><?cs var:Errors.email ?></p><?cs /if ?>
        </div>

        <div class="field<?cs if:Errors.name ?> has-error<?cs /if ?>">
          <label for="name">Name <span class="muted">(optional)</span></label>
          <input type="text" id="name" name="name" value="<?cs var:Form.name ?>" maxlength="100" autocomplete="off"<?cs if:Errors.name ?> aria-invalid="true" aria-describedby="name-error"<?cs /if ?><?cs if:Focus == "name" ?> autofocus<?cs /if ?>><?cs
          if:Errors.name ?>
          <p class="field-error" id="name-error"><?cs var:Errors.name ?></p><?cs /if ?>
        </div>

        <div class="field<?cs if:Errors.role ?> has-error<?cs /if ?>">
          <label for="role">Role</label>
          <select id="role" name="role" aria-describedby="<?cs if:Errors.role ?>role-error <?cs /if ?>role-help"<?cs if:Errors.role ?> aria-invalid="true"<?cs /if ?><?cs if:Focus == "role" ?> autofocus<?cs /if ?>>
            <option value="user"<?cs if:Form.role != "admin" ?> selected<?cs /if ?>>User</option>
            <option value="admin"<?cs if:Form.role == "admin" ?> selected<?cs /if ?>>Admin</option>
          </select><?cs if:Errors.role ?>
          <p class="field-error" id="role-error"><?cs var:Errors.role ?></p><?cs /if ?>
          <p class="help" id="role-help">Users manage their own keys and apps. Admins also manage every user, every key and the audit log.</p>
        </div>

        <div class="field<?cs if:Errors.password ?> has-error<?cs /if ?>">
          <label for="password">Password</label>
          <input type="password" id="password" name="password" autocomplete="new-password" aria-describedby="<?cs if:Errors.password ?>password-error <?cs /if ?>password-help"<?cs if:Errors.password ?> aria-invalid="true"<?cs /if ?><?cs if:Focus == "password" ?> autofocus<?cs /if ?>><?cs
          if:Errors.password ?>
          <p class="field-error" id="password-error"><?cs var:Errors.password ?></p><?cs /if ?>
          <p class="help" id="password-help">12 to 256 characters. Leave empty to generate one, shown once.</p>
        </div>

        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Add user</button>
        </div>
      </form>
    </section>
<?cs include:"layout_bottom.cs" ?>
