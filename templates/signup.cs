<?cs # Account creation, only when LATCHKEY_SIGNUP=1. Reads: Form.email,
      Form.name, Errors.email, Errors.name, Errors.password, Csrf. ?><?cs
include:"layout_top.cs" ?>
    <div class="auth-card panel">
      <h1 class="auth-title">Create your Latchkey account</h1>
      <p class="muted auth-lede">Then create API keys and register OAuth apps for your programs.</p>
      <form method="post" action="/signup" class="form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <div class="field<?cs if:Errors.email ?> has-error<?cs /if ?>">
          <label for="email">Email</label>
          <input type="email" id="email" name="email" value="<?cs var:Form.email ?>" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus<?cs if:Errors.email ?> aria-invalid="true" aria-describedby="email-error"<?cs /if ?>><?cs
          if:Errors.email ?>
          <p class="field-error" id="email-error"><?cs var:Errors.email ?></p><?cs /if ?>
        </div>
        <div class="field<?cs if:Errors.name ?> has-error<?cs /if ?>">
          <label for="name">Name <span class="muted">(optional)</span></label>
          <input type="text" id="name" name="name" value="<?cs var:Form.name ?>" autocomplete="name" maxlength="200"<?cs if:Errors.name ?> aria-invalid="true" aria-describedby="name-error"<?cs /if ?>><?cs
          if:Errors.name ?>
          <p class="field-error" id="name-error"><?cs var:Errors.name ?></p><?cs /if ?>
        </div>
        <div class="field<?cs if:Errors.password ?> has-error<?cs /if ?>">
          <label for="password">Password</label>
          <input type="password" id="password" name="password" autocomplete="new-password" required aria-describedby="<?cs if:Errors.password ?>password-error <?cs /if ?>password-help"<?cs if:Errors.password ?> aria-invalid="true"<?cs /if ?>><?cs
          if:Errors.password ?>
          <p class="field-error" id="password-error"><?cs var:Errors.password ?></p><?cs /if ?>
          <p class="help" id="password-help">12 to 256 characters. Long passphrases are best; common passwords are refused.</p>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary btn-block">Create account</button>
        </div>
      </form>
    </div>
    <p class="auth-footer muted">Already have an account? <a href="/login">Sign in</a></p>
<?cs include:"layout_bottom.cs" ?>
