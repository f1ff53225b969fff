<?cs # A key's name, id, prefix…hint, environment and (if set) status as a
      <dl>; reads Key.{name,id,prefix,hint,environment,status,status_text}.
      Included by key_confirm.cs and key_shown.cs. ?>
      <dl class="summary">
        <dt>Name</dt>
        <dd><?cs var:Key.name ?></dd>
        <dt>ID</dt>
        <dd class="mono"><?cs var:Key.id ?></dd>
        <dt>Key</dt>
        <dd><code><?cs var:Key.prefix ?>…<?cs var:Key.hint ?></code></dd>
        <dt>Environment</dt>
        <dd><?cs if:Key.environment == "live" ?><span class="badge badge-live">Live</span><?cs
          elif:Key.environment == "test" ?><span class="badge badge-test">Test</span><?cs
          else ?><span class="badge"><?cs var:Key.environment ?></span><?cs /if ?></dd><?cs if:Key.status ?>
        <dt>Status</dt>
        <dd><span class="badge badge-<?cs var:Key.status ?>"><?cs var:Key.status_text ?></span></dd><?cs /if ?>
      </dl>
