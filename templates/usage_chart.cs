<?cs # Verifications per day as a server-rendered SVG bar chart, and the same numbers
      in a table (UI.md "Charts"). Reads Chart.{max,total,n,ticks.N.{y,label},
      bars.N.{x,w,cx,y,h,ybad,hbad,date,short,ok,refused,today,label},
      days.N.{date,ok,insufficient_scope,rate_limited,quota_exceeded,total}} (chart.c)
      and Chart.id (unique on the page). Each bar has a <title> with its numbers; the
      colours are CSS variables, so dark mode needs nothing here. ?>
      <figure class="chart">
        <svg class="usage-chart" viewBox="0 0 640 220" role="img" aria-labelledby="<?cs var:Chart.id ?>-title <?cs var:Chart.id ?>-desc">
          <title id="<?cs var:Chart.id ?>-title">Verifications per day, last <?cs var:Chart.n ?> days</title>
          <desc id="<?cs var:Chart.id ?>-desc"><?cs var:Chart.total ?> in all; the table below has each day's numbers.</desc>
          <g class="chart-grid"><?cs each:g = Chart.ticks ?>
            <line x1="48" x2="632" y1="<?cs var:g.y ?>" y2="<?cs var:g.y ?>"></line>
            <text class="chart-tick" x="42" y="<?cs var:g.y ?>" dy="4" text-anchor="end"><?cs var:g.label ?></text><?cs /each ?>
          </g>
          <g class="chart-bars"><?cs each:b = Chart.bars ?><?cs if:b.today ?>
            <rect class="chart-today" x="<?cs var:b.x - 3 ?>" y="12" width="<?cs var:b.w + 6 ?>" height="176" rx="3"></rect>
            <text class="chart-today-label" x="<?cs var:b.cx ?>" y="10" text-anchor="end">Today</text><?cs /if ?>
            <g class="chart-bar"><title><?cs var:b.date ?><?cs if:b.today ?> (today)<?cs /if ?>: <?cs var:b.ok ?> ok, <?cs var:b.refused ?> refused</title>
              <rect class="bar-ok" x="<?cs var:b.x ?>" y="<?cs var:b.y ?>" width="<?cs var:b.w ?>" height="<?cs var:b.h ?>"></rect>
              <rect class="bar-refused" x="<?cs var:b.x ?>" y="<?cs var:b.ybad ?>" width="<?cs var:b.w ?>" height="<?cs var:b.hbad ?>"></rect>
            </g><?cs if:b.label ?>
            <text class="chart-tick" x="<?cs var:b.cx ?>" y="206" text-anchor="middle"><?cs var:b.short ?></text><?cs /if ?><?cs /each ?>
          </g>
          <line class="chart-axis" x1="48" x2="632" y1="188" y2="188"></line>
        </svg>
        <figcaption class="chart-legend"><span class="swatch swatch-ok" aria-hidden="true"></span>Allowed <span class="swatch swatch-refused" aria-hidden="true"></span>Refused (scope, rate limit or quota) <span class="muted">· dates in UTC</span></figcaption>
      </figure>
      <details class="chart-data">
        <summary>Numbers per day</summary>
        <div class="table-wrap">
          <table class="table table-usage">
            <caption class="visually-hidden">Verifications per day, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col" class="num">Allowed</th>
                <th scope="col" class="num">Insufficient scope</th>
                <th scope="col" class="num">Rate limited</th>
                <th scope="col" class="num">Quota exceeded</th>
                <th scope="col" class="num">Total</th>
              </tr>
            </thead>
            <tbody><?cs each:d = Chart.days ?>
              <tr data-date="<?cs var:d.date ?>">
                <th scope="row" class="mono"><?cs var:d.date ?></th>
                <td class="num" data-label="Allowed"><?cs var:d.ok ?></td>
                <td class="num" data-label="Insufficient scope"><?cs var:d.insufficient_scope ?></td>
                <td class="num" data-label="Rate limited"><?cs var:d.rate_limited ?></td>
                <td class="num" data-label="Quota exceeded"><?cs var:d.quota_exceeded ?></td>
                <td class="num" data-label="Total"><?cs var:d.total ?></td>
              </tr><?cs /each ?>
            </tbody>
          </table>
        </div>
      </details>
