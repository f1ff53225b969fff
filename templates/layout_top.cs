<?cs # Page frame, top half. Reads: Page.title, Page.nav, Page.head_refresh,
      Static, Session.signed_in, User.email, User.is_admin, Csrf, Notice. Pair
      with layout_bottom.cs. ?><?cs
if:!Static ?><?cs set:Static = "/static" ?><?cs /if ?><!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="same-origin"><?cs if:Page.head_refresh ?>
<meta http-equiv="refresh" content="0; url=<?cs var:Page.head_refresh ?>"><?cs /if ?>
<title><?cs if:Page.title ?><?cs var:Page.title ?> · <?cs /if ?>Latchkey</title>
<link rel="stylesheet" href="<?cs var:Static ?>/app.css">
<script src="<?cs var:Static ?>/app.js" defer></script>
</head>
<?cs if:Session.signed_in == 1 ?><body class="frame-app">
<a class="skip-link" href="#main">Skip to content</a>
<header class="topbar">
  <div class="topbar-inner">
    <a class="brand" href="/"><svg class="brand-mark" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"><rect width="24" height="24" rx="6" fill="currentColor"/><circle cx="12" cy="10" r="3.2" fill="#fff"/><path d="M10.6 12.2h2.8l.8 6h-4.4z" fill="#fff"/></svg><span>Latchkey</span></a>
    <div class="account">
      <span class="account-email" title="<?cs var:User.email ?>"><?cs var:User.email ?></span><?cs
      if:User.is_admin == 1 ?>
      <span class="badge badge-admin">Admin</span><?cs /if ?>
      <form method="post" action="/logout" class="inline-form">
        <input type="hidden" name="csrf_token" value="<?cs var:Csrf ?>">
        <button type="submit" class="btn btn-secondary btn-sm">Sign out</button>
      </form>
    </div>
  </div>
</header>
<div class="shell">
  <nav class="sidenav" aria-label="Settings">
    <ul class="nav-list">
      <li><a href="/settings/api-keys"<?cs if:Page.nav == "api-keys" ?> aria-current="page"<?cs /if ?>>API keys</a></li>
      <li><a href="/settings/oauth-apps"<?cs if:Page.nav == "oauth-apps" ?> aria-current="page"<?cs /if ?>>OAuth apps</a></li>
      <li><a href="/settings/authorized-apps"<?cs if:Page.nav == "authorized-apps" ?> aria-current="page"<?cs /if ?>>Authorized apps</a></li>
      <li><a href="/settings/usage"<?cs if:Page.nav == "usage" ?> aria-current="page"<?cs /if ?>>Usage</a></li>
      <li><a href="/settings/security"<?cs if:Page.nav == "security" ?> aria-current="page"<?cs /if ?>>Security</a></li>
    </ul><?cs if:User.is_admin == 1 ?>
    <div class="nav-group">
      <h2 class="nav-heading" id="nav-admin">Admin</h2>
      <ul class="nav-list" aria-labelledby="nav-admin">
        <li><a href="/admin/users"<?cs if:Page.nav == "admin-users" ?> aria-current="page"<?cs /if ?>>Users</a></li>
        <li><a href="/admin/keys"<?cs if:Page.nav == "admin-keys" ?> aria-current="page"<?cs /if ?>>Keys</a></li>
        <li><a href="/admin/apps"<?cs if:Page.nav == "admin-apps" ?> aria-current="page"<?cs /if ?>>Apps</a></li>
        <li><a href="/admin/plans"<?cs if:Page.nav == "admin-plans" ?> aria-current="page"<?cs /if ?>>Plans</a></li>
        <li><a href="/admin/audit"<?cs if:Page.nav == "admin-audit" ?> aria-current="page"<?cs /if ?>>Audit log</a></li>
      </ul>
    </div><?cs /if ?>
  </nav>
  <main id="main" class="content">
<?cs else ?><body class="frame-plain">
<a class="skip-link" href="#main">Skip to content</a>
<header class="topbar">
  <div class="topbar-inner">
    <a class="brand" href="/"><svg class="brand-mark" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"><rect width="24" height="24" rx="6" fill="currentColor"/><circle cx="12" cy="10" r="3.2" fill="#fff"/><path d="M10.6 12.2h2.8l.8 6h-4.4z" fill="#fff"/></svg><span>Latchkey</span></a>
  </div>
</header>
<div class="plain">
  <main id="main" class="content content-narrow">
<?cs /if ?><?cs if:Notice ?>    <p class="notice" role="status"><?cs var:Notice ?></p>
<?cs /if ?>
