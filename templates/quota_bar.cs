<?cs # The month's verifications against the account's quota, as a bar that turns
      amber at 80 % and red at 100 % (UI.md "Charts"). Reads Quota.{month,used,quota,left,
      pct,width,level,reset,reset_ago}, Plan.{name,display_name,limits}. An SVG, not a
      styled width: the CSP allows no inline style. ?><?cs if:Quota.quota ?>
      <div class="quota quota-<?cs var:Quota.level ?>">
        <p class="quota-figures"><strong class="quota-used"><?cs var:Quota.used ?></strong> of <?cs var:Quota.quota ?> verifications in <?cs var:Quota.month ?> <span class="muted">(<?cs var:Quota.pct ?>%)</span></p>
        <div class="quota-meter" role="meter" aria-valuemin="0" aria-valuemax="<?cs var:Quota.quota ?>" aria-valuenow="<?cs var:Quota.used ?>" aria-label="Monthly quota used: <?cs var:Quota.used ?> of <?cs var:Quota.quota ?>">
          <svg class="quota-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect class="quota-track" x="0" y="0" width="100" height="10"></rect>
            <rect class="quota-fill" x="0" y="0" width="<?cs var:Quota.width ?>" height="10"></rect>
            <line class="quota-mark" x1="80" x2="80" y1="0" y2="10"></line>
          </svg>
        </div>
        <p class="help"><?cs if:Quota.level == "over" ?>The quota is used up: verifications get 429 quota_exceeded until the month ends<?cs elif:Quota.level == "warn" ?>More than 80% used; <?cs var:Quota.left ?> left<?cs else ?><?cs var:Quota.left ?> left<?cs /if ?>. The count starts again <time datetime="<?cs var:Quota.reset ?>" title="<?cs var:Quota.reset_exact ?>"><?cs var:Quota.reset_ago ?></time>.</p>
      </div><?cs else ?>
      <p class="quota-figures"><strong class="quota-used"><?cs var:Quota.used ?></strong> verifications in <?cs var:Quota.month ?>. <span class="muted"><?cs if:Plan.name ?>Your plan has no monthly quota.<?cs else ?>Your account has no plan, so no quota.<?cs /if ?></span></p><?cs /if ?>
