<?cs # Settings → Usage (SPEC 9): the account's plan, the month against its quota, and
      verifications per day for the last 30 days, in total and per key. Reads Plan.*,
      Quota.* (quota_bar.cs), Chart.* (usage_chart.cs), Keys.count,
      Keys.N.{id,name,prefix,hint,environment,tier,status,status_text,ok,refused,
      spark.N.{x,y,w,h,date,total}}
      (plus the layout's variables). ?><?cs set:Chart.id = "usage-all" ?><?cs include:"layout_top.cs" ?>
    <header class="page-header">
      <h1>Usage</h1>
      <p class="page-lede">Every verification of your credentials counts: each <code>GET /v1/auth/verify</code> your API makes. Numbers are at most a minute old.</p>
    </header>

    <section class="panel" aria-labelledby="month-heading">
      <div class="panel-header">
        <div>
          <h2 id="month-heading">This month</h2>
          <p class="panel-lede"><?cs if:Plan.name ?>Plan: <strong><?cs var:Plan.display_name ?></strong><?cs if:Plan.limits ?> <span class="muted">(<?cs var:Plan.limits ?>)</span><?cs /if ?><?cs else ?>No plan<?cs /if ?></p>
        </div>
      </div>
<?cs include:"quota_bar.cs" ?>
    </section>

    <section class="panel" aria-labelledby="days-heading">
      <div class="panel-header">
        <div>
          <h2 id="days-heading">Last 30 days, all keys</h2>
        </div>
      </div>
<?cs include:"usage_chart.cs" ?>
    </section>

    <section class="panel" aria-labelledby="keys-heading">
      <div class="panel-header">
        <div>
          <h2 id="keys-heading">By key</h2>
          <p class="panel-lede">Open a key for its own chart.</p>
        </div>
      </div><?cs if:Keys.count == 0 ?>
      <div class="empty">
        <h3>No keys yet</h3>
        <p>Create an API key and its verifications show up here.</p>
        <a class="btn btn-primary" href="/settings/api-keys">Create a key</a>
      </div><?cs else ?>
      <div class="table-wrap">
        <table class="table table-key-usage">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Status</th>
              <th scope="col">Last 30 days</th>
              <th scope="col" class="num">Allowed (30 days)</th>
              <th scope="col" class="num">Refused (30 days)</th>
            </tr>
          </thead>
          <tbody><?cs each:k = Keys ?><?cs if:subcount(k) > 0 ?>
            <tr data-key-id="<?cs var:k.id ?>">
              <td class="cell-title"><a class="name" href="/settings/api-keys/<?cs var:k.id ?>"><?cs var:k.name ?></a><div class="mono muted"><?cs var:k.prefix ?>…<?cs var:k.hint ?> <?cs if:k.environment == "live" ?><span class="badge badge-live">Live</span><?cs else ?><span class="badge badge-test">Test</span><?cs /if ?><?cs if:k.tier ?> <span class="badge badge-tier" title="Tier">Tier: <?cs var:k.tier ?></span><?cs /if ?></div></td>
              <td class="cell-status"><span class="badge badge-<?cs var:k.status ?>"><?cs var:k.status_text ?></span></td>
              <td class="cell-meta" data-label="Last 30 days"><svg class="spark" viewBox="0 0 120 24" width="96" height="24" preserveAspectRatio="none" role="img" aria-label="Verifications per day of <?cs var:k.name ?>, last 30 days: <?cs var:k.ok ?> allowed, <?cs var:k.refused ?> refused"><?cs each:b = k.spark ?><rect x="<?cs var:b.x ?>" y="<?cs var:b.y ?>" width="<?cs var:b.w ?>" height="<?cs var:b.h ?>"><title><?cs var:b.date ?>: <?cs var:b.total ?></title></rect><?cs /each ?></svg></td>
              <td class="num" data-label="Allowed"><?cs var:k.ok ?></td>
              <td class="num" data-label="Refused"><?cs var:k.refused ?></td>
            </tr><?cs /if ?><?cs /each ?>
          </tbody>
        </table>
      </div><?cs /if ?>
    </section>
<?cs include:"layout_bottom.cs" ?>
