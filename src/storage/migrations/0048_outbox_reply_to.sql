-- Where a reply to an email goes (Reply-To), when not to Paseo's no-reply sender: a traveller's
-- booking email answers to the supplier running the activity, the supplier's copy to the
-- traveller. '' for none. Checked by app::is_valid_email_address when written and when sent.
ALTER TABLE outbox ADD COLUMN reply_to TEXT NOT NULL DEFAULT '';
