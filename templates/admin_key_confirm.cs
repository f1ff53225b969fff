<?cs # Admin: confirmation before revoking keys; works without JavaScript. The keys
      listed are exactly those the POST revokes: one key (its Revoke link or the finder),
      the keys ticked on the list, or every live key of one user.
      Reads: Confirm.mode ("keys" or "user"), Confirm.count (keys listed: live ones),
      Confirm.gone (asked for but no longer working), Confirm.expired (of a user: expired,
      marked revoked too), Target.{id,email} (mode "user"), Keys.N.* (as on the list:
      keyrow.c, plus owner_email), Form.reason, Filter.{owner,status,environment,q,page}
      and Back (the list the admin came from), Csrf (plus the layout's variables).
      Rows are the children that have children, so Keys.count is never taken for one. ?><?cs
if:!Page.title ?><?cs set:Page.title = "Revoke keys" ?><?cs /if ?><?cs
if:!Page.nav ?><?cs set:Page.nav = "admin-keys" ?><?cs /if ?><?cs include:"layout_top.cs" ?>
    <section class="panel confirm" aria-labelledby="confirm-heading"><?cs
    if:Confirm.count == 0 ?><?cs
      if:Confirm.mode == "user" ?>
      <h1 id="confirm-heading"><?cs var:Target.email ?> has no working keys</h1><?cs
      else ?>
      <h1 id="confirm-heading">Nothing to revoke</h1><?cs
      /if ?>
      <p>Every key you asked for has already been revoked or has expired: there is nothing left to stop.</p>
      <div class="form-actions">
        <a class="btn btn-secondary" href="<?cs var:Back ?>">Back to the keys</a>
      </div><?cs
    else ?><?cs
      if:Confirm.mode == "user" ?>
      <h1 id="confirm-heading">Revoke all <?cs var:Confirm.count ?> working key<?cs if:Confirm.count != 1 ?>s<?cs /if ?> of <?cs var:Target.email ?>?</h1><?cs
      elif:Confirm.count == 1 ?><?cs each:k = Keys ?><?cs if:subcount(k) > 0 ?>
      <h1 id="confirm-heading">Revoke <?cs var:k.name ?> of <?cs var:k.owner_email ?>?</h1><?cs /if ?><?cs /each ?><?cs
      else ?>
      <h1 id="confirm-heading">Revoke these <?cs var:Confirm.count ?> keys?</h1><?cs
      /if ?>
      <p>These stop working at once: programs using them get 401 on their next request. This can't be undone.</p>
      <ul class="confirm-list" aria-label="Keys that stop working"><?cs each:k = Keys ?><?cs if:subcount(k) > 0 ?>
        <li data-key-id="<?cs var:k.id ?>">
          <div class="confirm-item-head"><strong class="name"><?cs var:k.name ?></strong> <code><?cs var:k.prefix ?>…<?cs var:k.hint ?></code><?cs
            if:k.environment == "live" ?> <span class="badge badge-live">Live</span><?cs
            elif:k.environment == "test" ?> <span class="badge badge-test">Test</span><?cs /if ?> <span class="badge badge-<?cs var:k.status ?>"><?cs var:k.status_text ?></span><?cs
            if:k.owner_disabled == 1 ?> <span class="badge badge-owner-disabled">Owner disabled</span><?cs /if ?></div>
          <div class="muted confirm-item-meta"><span class="mono"><?cs var:k.id ?></span> · <?cs var:k.owner_email ?> · last used <?cs if:k.last_used ?><time datetime="<?cs var:k.last_used ?>" title="<?cs var:k.last_used_exact ?>"><?cs var:k.last_used_ago ?></time><?cs else ?>never<?cs /if ?></div>
        </li><?cs /if ?><?cs /each ?>
      </ul><?cs
      if:Confirm.mode == "keys" && Confirm.gone > 0 ?>
      <p class="muted"><?cs var:Confirm.gone ?> other key<?cs if:Confirm.gone != 1 ?>s<?cs /if ?> you ticked had already stopped working and <?cs if:Confirm.gone != 1 ?>are<?cs else ?>is<?cs /if ?> left as <?cs if:Confirm.gone != 1 ?>they are<?cs else ?>it is<?cs /if ?>.</p><?cs /if ?><?cs
      if:Confirm.expired > 0 ?>
      <p class="muted">Their <?cs var:Confirm.expired ?> expired key<?cs if:Confirm.expired != 1 ?>s are<?cs else ?> is<?cs /if ?> marked revoked too.</p><?cs /if ?>
      <form method="post" action="/admin/keys/revoke" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><?cs
        if:Confirm.mode == "user" ?>
        <input type="hidden" name="all_of_user" value="<?cs var:Target.id ?>"><?cs
        else ?><?cs each:k = Keys ?><?cs if:subcount(k) > 0 ?>
        <input type="hidden" name="key_id" value="<?cs var:k.id ?>"><?cs /if ?><?cs /each ?><?cs
        /if ?><?cs if:Filter.owner ?>
        <input type="hidden" name="owner" value="<?cs var:Filter.owner ?>"><?cs /if ?><?cs if:Filter.status ?>
        <input type="hidden" name="status" value="<?cs var:Filter.status ?>"><?cs /if ?><?cs if:Filter.environment ?>
        <input type="hidden" name="environment" value="<?cs var:Filter.environment ?>"><?cs /if ?><?cs if:Filter.q ?>
        <input type="hidden" name="q" value="<?cs var:Filter.q ?>"><?cs /if ?><?cs if:Filter.page ?>
        <input type="hidden" name="page" value="<?cs var:Filter.page ?>"><?cs /if ?>
        <div class="field">
          <label for="reason">Reason (goes to the audit log)</label>
          <input type="text" id="reason" name="reason" value="<?cs var:Form.reason ?>" maxlength="500" required autocomplete="off" aria-describedby="reason-help">
          <p class="help" id="reason-help">For example: found in a public repository.</p>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-danger"><?cs if:Confirm.count == 1 ?>Revoke key<?cs else ?>Revoke <?cs var:Confirm.count ?> keys<?cs /if ?></button>
          <a class="btn btn-secondary" href="<?cs var:Back ?>">Cancel</a>
        </div>
      </form><?cs
    /if ?>
    </section>
<?cs include:"layout_bottom.cs" ?>
