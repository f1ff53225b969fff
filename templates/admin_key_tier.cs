<?cs # Admin: set one key's tier (SPEC 9); an admin may choose any plan, whatever its
      rank. Reads: Key.{id,name,owner_email,owner_plan,prefix,hint,tier},
      Plans.N.{name,display_name,limits}, Csrf (plus the layout's variables). ?><?cs include:"layout_top.cs" ?>
    <section class="panel" aria-labelledby="tier-heading">
      <h1 id="tier-heading">Tier of <?cs var:Key.name ?></h1>
      <p>The tier sets the key's rate limits per second and per hour. The month's quota is its owner's plan, shared by all their keys.</p>
      <dl class="summary">
        <dt>Owner</dt>
        <dd><?cs var:Key.owner_email ?> (plan: <?cs if:Key.owner_plan ?><?cs var:Key.owner_plan ?><?cs else ?>none<?cs /if ?>)</dd>
        <dt>Key</dt>
        <dd><code><?cs var:Key.prefix ?>…<?cs var:Key.hint ?></code> <span class="mono muted"><?cs var:Key.id ?></span></dd>
        <dt>Tier now</dt>
        <dd><?cs if:Key.tier ?><?cs var:Key.tier ?><?cs else ?>none (the default limits)<?cs /if ?></dd>
      </dl>
      <form method="post" action="/admin/keys/<?cs var:Key.id ?>/tier" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="field">
          <label for="plan">Tier</label>
          <select id="plan" name="plan" aria-describedby="plan-help">
            <option value="none"<?cs if:!Key.tier ?> selected<?cs /if ?>>None (the default limits)</option><?cs each:p = Plans ?><?cs if:p.name ?>
            <option value="<?cs var:p.name ?>"<?cs if:Key.tier == p.name ?> selected<?cs /if ?>><?cs var:p.display_name ?><?cs if:p.limits ?> (<?cs var:p.limits ?>)<?cs /if ?></option><?cs /if ?><?cs /each ?>
          </select>
          <p class="help" id="plan-help">Takes effect on the key's next request. The change goes to the audit log.</p>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Set tier</button>
          <a class="btn btn-secondary" href="/admin/keys">Cancel</a>
        </div>
      </form>
    </section>
<?cs include:"layout_bottom.cs" ?>
