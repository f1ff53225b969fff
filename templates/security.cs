<?cs # Security settings. Reads: Errors.current_password, Errors.new_password,
      Sessions.others, Sessions.N.{id,created,created_ago,last_seen,last_seen_ago,ip,agent,agent_name,current},
      Signins.count, Signins.N.{id,created,created_ago,last_used,last_used_ago,ip,agent,agent_name},
      Audit.count, Audit.N.{at,at_ago,action_text,ip}, Csrf (plus the layout's variables).
      Rows are the children that have children, so Sessions.others and Audit.count are
      never taken for rows. Below a width the rows become cards (app.css "cards"): a
      cell's data-label is its label there. The IP cell of a session stays
      <td class="mono nowrap"> (tests/e2e/sqli.test.mjs matches it); app.css labels
      it by position. ?><?cs include:"layout_top.cs" ?>
    <header class="page-header">
      <h1>Security</h1>
      <p class="page-lede">Your password, the places you are signed in, and recent activity on your account.</p>
    </header>

    <section class="panel" aria-labelledby="password-heading">
      <div class="panel-header">
        <h2 id="password-heading">Change password</h2>
      </div>
      <form method="post" action="/settings/security/password" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="field<?cs if:Errors.current_password ?> has-error<?cs /if ?>">
          <label for="current_password">Current password</label>
          <input type="password" id="current_password" name="current_password" autocomplete="current-password" required<?cs if:Errors.current_password ?> aria-invalid="true" aria-describedby="current_password-error"<?cs /if ?>><?cs
          if:Errors.current_password ?>
          <p class="field-error" id="current_password-error"><?cs var:Errors.current_password ?></p><?cs /if ?>
        </div>
        <div class="field<?cs if:Errors.new_password ?> has-error<?cs /if ?>">
          <label for="new_password">New password</label>
          <input type="password" id="new_password" name="new_password" autocomplete="new-password" required aria-describedby="<?cs if:Errors.new_password ?>new_password-error <?cs /if ?>new_password-help"<?cs if:Errors.new_password ?> aria-invalid="true"<?cs /if ?>><?cs
          if:Errors.new_password ?>
          <p class="field-error" id="new_password-error"><?cs var:Errors.new_password ?></p><?cs /if ?>
          <p class="help" id="new_password-help">12 to 256 characters. Long passphrases are best; common passwords are refused.</p>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Change password</button>
        </div>
      </form>
    </section>

    <section class="panel" aria-labelledby="sessions-heading">
      <div class="panel-header">
        <div>
          <h2 id="sessions-heading">Active sessions</h2>
          <p class="panel-lede">Browsers signed in to your account. Sign out any you don't recognise, then change your password.</p>
        </div><?cs if:Sessions.others == 1 ?>
        <form method="post" action="/settings/security/sessions/revoke-others" class="inline-form">
          <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
          <button type="submit" class="btn btn-danger">Sign out all other sessions</button>
        </form><?cs /if ?>
      </div>
      <div class="table-wrap">
        <table class="table table-sessions">
          <thead>
            <tr>
              <th scope="col">Signed in</th>
              <th scope="col">Last active</th>
              <th scope="col">IP address</th>
              <th scope="col">Browser</th>
              <th scope="col" class="col-actions"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody><?cs each:s = Sessions ?><?cs if:subcount(s) > 0 ?>
            <tr<?cs if:s.current == 1 ?> class="row-current"<?cs /if ?>>
              <td class="nowrap cell-meta" data-label="Signed in"><time datetime="<?cs var:s.created ?>" title="<?cs var:s.created ?>"><?cs var:s.created_ago ?></time></td>
              <td class="nowrap cell-meta" data-label="Last active"><time datetime="<?cs var:s.last_seen ?>" title="<?cs var:s.last_seen ?>"><?cs var:s.last_seen_ago ?></time></td>
              <td class="mono nowrap"><?cs var:s.ip ?></td>
              <td class="agent cell-title"><?cs if:s.agent_name ?><span class="agent-name" title="<?cs var:s.agent ?>"><?cs var:s.agent_name ?></span><div class="muted truncate agent-full"><?cs var:s.agent ?></div><?cs elif:s.agent ?><span class="truncate" title="<?cs var:s.agent ?>"><?cs var:s.agent ?></span><?cs else ?><span class="muted">unknown</span><?cs /if ?></td>
              <td class="col-actions"><?cs if:s.current == 1 ?>
                <span class="badge badge-active">This session</span><?cs else ?>
                <form method="post" action="/settings/security/sessions/<?cs var:s.id ?>/revoke" class="inline-form">
                  <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
                  <button type="submit" class="btn btn-danger btn-sm">Sign out<span class="visually-hidden"> the session from <?cs var:s.ip ?></span></button>
                </form><?cs /if ?>
              </td>
            </tr><?cs /if ?><?cs /each ?>
          </tbody>
        </table>
      </div>
    </section>

    <section class="panel" aria-labelledby="signins-heading">
      <div class="panel-header">
        <div>
          <h2 id="signins-heading">API sign-ins</h2>
          <p class="panel-lede">Programs that signed in with your password through <code>/v1/auth/login</code> and keep refreshing their tokens. End any you don't recognise: its tokens stop working at once.</p>
        </div>
      </div><?cs if:Signins.count == 0 ?>
      <p class="muted">No program is signed in with your password.</p><?cs else ?>
      <div class="table-wrap">
        <table class="table table-signins">
          <thead>
            <tr>
              <th scope="col">Signed in</th>
              <th scope="col">Last refreshed</th>
              <th scope="col">IP address</th>
              <th scope="col">Client</th>
              <th scope="col" class="col-actions"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody><?cs each:s = Signins ?><?cs if:subcount(s) > 0 ?>
            <tr data-family-id="<?cs var:s.id ?>">
              <td class="nowrap cell-meta" data-label="Signed in"><time datetime="<?cs var:s.created ?>" title="<?cs var:s.created ?>"><?cs var:s.created_ago ?></time></td>
              <td class="nowrap cell-meta" data-label="Last refreshed"><?cs if:s.last_used ?><time datetime="<?cs var:s.last_used ?>" title="<?cs var:s.last_used ?>"><?cs var:s.last_used_ago ?></time><?cs else ?><span class="muted">never</span><?cs /if ?></td>
              <td class="mono nowrap cell-meta" data-label="IP address"><?cs var:s.ip ?></td>
              <td class="agent cell-title"><?cs if:s.agent_name ?><span class="agent-name" title="<?cs var:s.agent ?>"><?cs var:s.agent_name ?></span><div class="muted truncate agent-full"><?cs var:s.agent ?></div><?cs elif:s.agent ?><span class="truncate" title="<?cs var:s.agent ?>"><?cs var:s.agent ?></span><?cs else ?><span class="muted">unknown</span><?cs /if ?></td>
              <td class="col-actions">
                <form method="post" action="/settings/security/sign-ins/<?cs var:s.id ?>/revoke" class="inline-form">
                  <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
                  <button type="submit" class="btn btn-danger btn-sm">End<span class="visually-hidden"> the sign-in from <?cs var:s.ip ?></span></button>
                </form>
              </td>
            </tr><?cs /if ?><?cs /each ?>
          </tbody>
        </table>
      </div><?cs /if ?>
    </section>

    <section class="panel" aria-labelledby="log-heading">
      <div class="panel-header">
        <div>
          <h2 id="log-heading">Security log</h2>
          <p class="panel-lede">Sign-ins, password changes and credential changes on your account.</p>
        </div>
      </div><?cs if:Audit.count == 0 ?>
      <p class="empty">No events yet.</p><?cs else ?>
      <div class="table-wrap">
        <table class="table table-log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">IP address</th>
            </tr>
          </thead>
          <tbody><?cs each:a = Audit ?><?cs if:subcount(a) > 0 ?>
            <tr>
              <td class="nowrap cell-status"><time datetime="<?cs var:a.at ?>" title="<?cs var:a.at ?>"><?cs var:a.at_ago ?></time></td>
              <td class="cell-title"><?cs var:a.action_text ?></td>
              <td class="mono nowrap cell-note" data-label="From"><?cs if:a.ip ?><?cs var:a.ip ?><?cs else ?><span class="muted">—</span><?cs /if ?></td>
            </tr><?cs /if ?><?cs /each ?>
          </tbody>
        </table>
      </div><?cs /if ?>
    </section>
<?cs include:"layout_bottom.cs" ?>
