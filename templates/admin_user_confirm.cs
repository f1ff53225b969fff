<?cs # Admin: confirmation before disabling a user, resetting their password or changing
      their role; works without JavaScript.
      Reads: Confirm.action ("disable", "reset", "promote" or "demote"), Confirm.same (the
      role asked for is theirs already), Target.{id,email,name,role}, Stake.{keys,apps,
      sessions,signins,grants}, Keys.N.* (keyrow.c: for a disable their working keys, for
      a role change their working keys holding admin), Apps.N.{id,name,type} and
      Grants.N.{id,name,owner_email} (a disable), Csrf (plus the layout's variables).
      Rows are the children that have children. ?><?cs
if:!Page.title ?><?cs if:Confirm.action == "reset" ?><?cs set:Page.title = "Reset password" ?><?cs else ?><?cs set:Page.title = "Disable user" ?><?cs /if ?><?cs /if ?><?cs
if:!Page.nav ?><?cs set:Page.nav = "admin-users" ?><?cs /if ?><?cs
def:key_items() ?>
      <ul class="confirm-list"><?cs each:k = Keys ?><?cs if:subcount(k) > 0 ?>
        <li data-key-id="<?cs var:k.id ?>">
          <div class="confirm-item-head"><strong class="name"><?cs var:k.name ?></strong> <code><?cs var:k.prefix ?>…<?cs var:k.hint ?></code><?cs
            if:k.environment == "live" ?> <span class="badge badge-live">Live</span><?cs
            elif:k.environment == "test" ?> <span class="badge badge-test">Test</span><?cs /if ?></div>
          <div class="muted confirm-item-meta"><span class="mono"><?cs var:k.id ?></span> · last used <?cs if:k.last_used ?><time datetime="<?cs var:k.last_used ?>" title="<?cs var:k.last_used_exact ?>"><?cs var:k.last_used_ago ?></time><?cs else ?>never<?cs /if ?></div>
        </li><?cs /if ?><?cs /each ?>
      </ul><?cs
/def ?><?cs include:"layout_top.cs" ?>
    <section class="panel confirm" aria-labelledby="confirm-heading"><?cs
    if:Confirm.action == "reset" ?>
      <h1 id="confirm-heading">Reset the password of <?cs var:Target.email ?>?</h1>
      <p>A new password is generated and shown to you once. Their sessions and tokens end.</p><?cs
    elif:Confirm.action == "promote" ?>
      <h1 id="confirm-heading">Make <?cs var:Target.email ?> an administrator?</h1><?cs
      if:Confirm.same == 1 ?>
      <p><?cs var:Target.email ?> is an administrator already.</p><?cs
      else ?>
      <p>Administrators can do everything you can here:</p>
      <ul class="confirm-facts">
        <li>add users, disable them, reset their passwords and change their roles;</li>
        <li>see and revoke every user's API keys, and find whose a leaked key is;</li>
        <li>read the whole audit log, and mark apps as resource servers.</li>
      </ul><?cs
        if:Stake.keys > 0 ?>
      <h2 class="confirm-subhead">Their keys holding admin then reach every credential</h2><?cs call:key_items() ?>
      <p class="muted">With <code>admin</code> on an administrator's key, these may introspect every user's keys and tokens, not only their own.</p><?cs
        else ?>
      <p class="muted">None of their API keys holds <code>admin</code>.</p><?cs /if ?><?cs
      /if ?><?cs
    elif:Confirm.action == "demote" ?>
      <h1 id="confirm-heading">Make <?cs var:Target.email ?> a user again?</h1><?cs
      if:Confirm.same == 1 ?>
      <p><?cs var:Target.email ?> is not an administrator.</p><?cs
      else ?>
      <p>They keep their own keys and apps, but lose the Admin pages at once.</p><?cs
        if:Stake.keys > 0 ?>
      <h2 class="confirm-subhead">Their keys holding admin go back to their own credentials</h2><?cs call:key_items() ?><?cs /if ?><?cs
      /if ?><?cs
    else ?>
      <h1 id="confirm-heading">Disable <?cs var:Target.email ?>?</h1>
      <p>They are signed out everywhere and can't sign in. Until the account is enabled again, everything below stops working; their sessions and tokens stay ended even then.</p><?cs
      if:Stake.keys > 0 ?>
      <h2 class="confirm-subhead"><?cs var:Stake.keys ?> API key<?cs if:Stake.keys != 1 ?>s<?cs /if ?> refused (401)</h2><?cs call:key_items() ?><?cs
      else ?>
      <h2 class="confirm-subhead">No working API keys</h2><?cs /if ?><?cs
      if:Stake.apps > 0 ?>
      <h2 class="confirm-subhead"><?cs var:Stake.apps ?> OAuth app<?cs if:Stake.apps != 1 ?>s<?cs /if ?> stop (their secrets get invalid_client, their tokens stop verifying)</h2>
      <ul class="confirm-list"><?cs each:a = Apps ?><?cs if:subcount(a) > 0 ?>
        <li data-client-id="<?cs var:a.id ?>"><strong class="name"><?cs var:a.name ?></strong> <span class="mono muted"><?cs var:a.id ?></span></li><?cs /if ?><?cs /each ?>
      </ul><?cs /if ?>
      <h2 class="confirm-subhead">Signed out</h2>
      <ul class="confirm-facts">
        <li id="stake-sessions"><?cs var:Stake.sessions ?> dashboard session<?cs if:Stake.sessions != 1 ?>s<?cs /if ?></li>
        <li id="stake-signins"><?cs var:Stake.signins ?> API sign-in<?cs if:Stake.signins != 1 ?>s<?cs /if ?> (their access and refresh tokens)</li><?cs
        if:Stake.grants > 0 ?>
        <li id="stake-grants">the tokens of <?cs var:Stake.grants ?> app<?cs if:Stake.grants != 1 ?>s<?cs /if ?> they authorized: <?cs each:g = Grants ?><?cs if:subcount(g) > 0 ?><?cs if:name(g) != "0" ?>, <?cs /if ?><strong><?cs var:g.name ?></strong><?cs /if ?><?cs /each ?></li><?cs /if ?>
      </ul><?cs
    /if ?>
      <dl class="summary">
        <dt>Email</dt>
        <dd><?cs var:Target.email ?></dd>
        <dt>Name</dt>
        <dd><?cs if:Target.name ?><?cs var:Target.name ?><?cs else ?><span class="muted">—</span><?cs /if ?></dd>
        <dt>ID</dt>
        <dd class="mono"><?cs var:Target.id ?></dd>
        <dt>Role</dt>
        <dd><?cs if:Target.role == "admin" ?>Administrator<?cs else ?>User<?cs /if ?></dd>
      </dl><?cs
    if:Confirm.action == "reset" ?>
      <form method="post" action="/admin/users/<?cs var:Target.id ?>/reset-password" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="form-actions">
          <button type="submit" class="btn btn-danger">Reset password</button>
          <a class="btn btn-secondary" href="/admin/users">Cancel</a>
        </div>
      </form><?cs
    elif:Confirm.same == 1 ?>
      <div class="form-actions">
        <a class="btn btn-secondary" href="/admin/users">Back to users</a>
      </div><?cs
    elif:Confirm.action == "promote" || Confirm.action == "demote" ?>
      <form method="post" action="/admin/users/<?cs var:Target.id ?>/role" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <input type="hidden" name="role" value="<?cs if:Confirm.action == "promote" ?>admin<?cs else ?>user<?cs /if ?>">
        <div class="form-actions">
          <button type="submit" class="btn btn-danger"><?cs if:Confirm.action == "promote" ?>Make administrator<?cs else ?>Make a user<?cs /if ?></button>
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
