<?cs # Sign-in page. Reads: Form.email, Form.next, Error, Throttled, Signup.enabled, Csrf
      (plus the layout's variables). ?><?cs include:"layout_top.cs" ?>
    <div class="auth-card panel">
      <h1 class="auth-title">Sign in to Latchkey</h1>
      <p class="muted auth-lede">Manage your API keys, OAuth apps and sessions.</p><?cs
      if:Throttled == 1 ?>
      <div class="alert" role="alert" id="login-error"><?cs if:Error ?><?cs var:Error ?><?cs else ?>Too many sign-in attempts. Please wait a few minutes and try again.<?cs /if ?></div><?cs
      elif:Error ?>
      <div class="alert" role="alert" id="login-error"><?cs var:Error ?></div><?cs
      /if ?>
      <form method="post" action="/login" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <input type="hidden" name="next" value="<?cs var:Form.next ?>">
        <div class="field">
          <label for="email">Email</label>
          <input type="email" id="email" name="email" value="<?cs var:Form.email ?>" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus<?cs if:Error ?> aria-describedby="login-error"<?cs /if ?>>
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary btn-block">Sign in</button>
        </div>
      </form>
    </div><?cs if:Signup.enabled == 1 ?>
    <p class="auth-footer muted">New to Latchkey? <a href="/signup">Create an account</a></p><?cs /if ?>
<?cs include:"layout_bottom.cs" ?>
