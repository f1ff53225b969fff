<?cs # The tier field of the create-key form, self-contained so the form can
      move to a page of its own: include it inside the <form>. Reads
      Tiers.mine (the account's plan name, empty for none), Tiers.N.{name,
      display_name,limits} (the plans of lower or equal rank), Form.tier and
      Errors.tier. Without a plan the account can't choose a tier, so the
      block says so instead of offering a choice the server would refuse. ?><?cs
if:Tiers.mine ?>
        <div class="field<?cs if:Errors.tier ?> has-error<?cs /if ?>">
          <label for="tier">Tier</label>
          <select id="tier" name="tier" aria-describedby="<?cs if:Errors.tier ?>tier-error <?cs /if ?>tier-help"<?cs if:Errors.tier ?> aria-invalid="true" autofocus<?cs /if ?>><?cs
          each:p = Tiers ?><?cs if:p.name ?>
            <option value="<?cs var:p.name ?>"<?cs if:Form.tier ?><?cs if:Form.tier == p.name ?> selected<?cs /if ?><?cs elif:Tiers.mine == p.name ?> selected<?cs /if ?>><?cs var:p.display_name ?><?cs if:p.limits ?> (<?cs var:p.limits ?>)<?cs /if ?></option><?cs /if ?><?cs
          /each ?>
          </select><?cs if:Errors.tier ?>
          <p class="field-error" id="tier-error"><?cs var:Errors.tier ?></p><?cs /if ?>
          <p class="help" id="tier-help">The key's rate limits. Your plan is the highest tier a key can have; the month's quota is your account's, shared by all its keys.</p>
        </div><?cs
elif:Errors.tier ?>
        <div class="alert" role="alert" id="tier-error"><?cs var:Errors.tier ?> Your account has no plan, so its keys have no tier.</div><?cs
/if ?>
