<?cs # Error page, same frame signed in or not. Reads: Error.title, Error.message,
      Page.status (plus the layout's variables). ?><?cs include:"layout_top.cs" ?>
    <div class="error-page panel">
      <?cs if:Page.status ?><p class="error-status">Error <?cs var:Page.status ?></p><?cs /if ?>
      <h1><?cs if:Error.title ?><?cs var:Error.title ?><?cs elif:Page.title ?><?cs var:Page.title ?><?cs else ?>Something went wrong<?cs /if ?></h1>
      <p class="error-message"><?cs if:Error.message ?><?cs var:Error.message ?><?cs else ?>The request could not be completed.<?cs /if ?></p>
      <p class="error-actions"><?cs if:Session.signed_in == 1 ?>
        <a class="btn btn-primary" href="/">Back to the dashboard</a><?cs else ?>
        <a class="btn btn-primary" href="/login">Go to sign in</a><?cs /if ?>
      </p>
    </div>
<?cs include:"layout_bottom.cs" ?>
