<?cs # Where a redirect would go when its address is too long for a Location
      header through every web server (Apache takes 8 KB a header line): the
      browser goes on by itself (meta refresh, no script), or with the link.
      Reads: Continue.url (plus the layout's variables). ?><?cs
set:Page.head_refresh = Continue.url ?><?cs include:"layout_top.cs" ?>
    <div class="panel">
      <h1>Continuing…</h1>
      <p>If nothing happens, <a id="continue" href="<?cs var:Continue.url ?>">continue here</a>.</p>
    </div>
<?cs include:"layout_bottom.cs" ?>
