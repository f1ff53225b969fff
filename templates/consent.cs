<?cs # OAuth consent screen, in the signed-in frame. Reads: Consent.{app_name,owner_email,
      redirect_host,user_email}, Consent.scopes.N.{name,text}, Params.N.{name,value}
      (the authorization request's parameters, sent back as hidden fields), Csrf (plus
      the layout's variables). Rows are the children that have children, so a count
      node is never taken for a scope or a parameter. Deny and Approve are submit
      buttons of the same form, of equal size. Page.title defaults to "Authorize <app>";
      Tmp.scopes is scratch. ?><?cs
if:!Page.title ?><?cs set:Page.title = "Authorize " + Consent.app_name ?><?cs /if ?><?cs
set:Tmp.scopes = 0 ?><?cs each:s = Consent.scopes ?><?cs if:subcount(s) > 0 ?><?cs set:Tmp.scopes = Tmp.scopes + 1 ?><?cs /if ?><?cs /each ?><?cs include:"layout_top.cs" ?>
    <section class="consent panel" aria-labelledby="consent-heading">
      <div class="consent-head">
        <h1 id="consent-heading" class="consent-title">Authorize <?cs var:Consent.app_name ?></h1><?cs if:Consent.owner_email ?>
        <p class="muted consent-owner">Registered by <?cs var:Consent.owner_email ?></p><?cs /if ?>
      </div>
      <p><strong><?cs var:Consent.app_name ?></strong> wants to use your Latchkey account.</p><?cs
      if:Tmp.scopes > 0 ?>
      <h2 class="consent-subhead" id="scopes-heading">It will be able to:</h2>
      <ul class="scope-list" aria-labelledby="scopes-heading"><?cs each:s = Consent.scopes ?><?cs if:subcount(s) > 0 ?>
        <li><span class="scope-text"><?cs var:s.text ?></span> <code class="chip"><?cs var:s.name ?></code></li><?cs /if ?><?cs /each ?>
      </ul><?cs else ?>
      <p class="muted">It asks for no access to your resources.</p><?cs /if ?>
      <ul class="consent-facts"><?cs if:Consent.redirect_host ?>
        <li>You'll be sent back to <strong class="mono"><?cs var:Consent.redirect_host ?></strong></li><?cs /if ?><?cs if:Consent.user_email ?>
        <li>Signed in as <strong><?cs var:Consent.user_email ?></strong></li><?cs /if ?>
      </ul>
      <form method="post" action="/oauth/authorize" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>"><?cs each:p = Params ?><?cs if:subcount(p) > 0 ?>
        <input type="hidden" name="<?cs var:p.name ?>" value="<?cs var:p.value ?>"><?cs /if ?><?cs /each ?>
        <div class="btn-row">
          <button type="submit" name="decision" value="deny" class="btn btn-secondary">Deny</button>
          <button type="submit" name="decision" value="approve" class="btn btn-primary">Approve</button>
        </div>
      </form>
      <p class="help consent-foot">Approve only apps you trust. You can remove an app's access at any time under Authorized apps.</p>
    </section>
<?cs include:"layout_bottom.cs" ?>
