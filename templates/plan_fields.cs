<?cs # The limit fields of a plan form (create and edit). Reads V.{display_name,rank,
      per_second,per_hour,per_month} (the values to show) and Errors.*. ?>
        <div class="field">
          <label for="display_name">Display name</label>
          <input type="text" id="display_name" name="display_name" value="<?cs var:V.display_name ?>" maxlength="100" aria-describedby="display_name-help">
          <p class="help" id="display_name-help">What users see, e.g. Standard. Empty: the name.</p>
        </div>
        <div class="field">
          <label for="rank">Rank</label>
          <input type="number" id="rank" name="rank" value="<?cs var:V.rank ?>" min="-1000000" max="1000000" step="1" aria-describedby="rank-help">
          <p class="help" id="rank-help">Higher is more. A user may give a key any tier ranked at or below their plan.</p>
        </div>
        <div class="field-row">
          <div class="field">
            <label for="per_second">Per second</label>
            <input type="number" id="per_second" name="per_second" value="<?cs var:V.per_second ?>" min="1" step="1" aria-describedby="limits-help">
          </div>
          <div class="field">
            <label for="per_hour">Per hour</label>
            <input type="number" id="per_hour" name="per_hour" value="<?cs var:V.per_hour ?>" min="1" step="1" aria-describedby="limits-help">
          </div>
          <div class="field">
            <label for="per_month">Per month (quota)</label>
            <input type="number" id="per_month" name="per_month" value="<?cs var:V.per_month ?>" min="1" step="1" aria-describedby="limits-help">
          </div>
        </div>
        <p class="help" id="limits-help">Per second and per hour limit each key of this tier; per month is the account's quota of verifications, all its keys and tokens together. Empty: no limit (per hour: the default).</p>
