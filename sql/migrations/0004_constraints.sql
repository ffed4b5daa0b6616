-- Matching constraints said exactly.
--
-- Hours a member offers: NULL = not stated (unknown), 0 = not available.
-- Until now 0 stood for "not stated" (the form cleared the field to 0), so
-- existing zeros become NULL.
ALTER TABLE klussen_portfolio MODIFY hours_per_week_tenths INT NULL DEFAULT NULL;
UPDATE klussen_portfolio SET hours_per_week_tenths = NULL WHERE hours_per_week_tenths = 0;

-- Whether the poster accepts candidates whose available hours are unknown.
ALTER TABLE klussen_klus ADD COLUMN accept_unknown_hours TINYINT(1) NOT NULL DEFAULT 1;
-- A klus may be posted without a response deadline: `deadline` then holds
-- when responses close by themselves (the end of the end date, or never:
-- 9999-12-31) and deadline_stated is 0, so it is not shown as a deadline.
ALTER TABLE klussen_klus ADD COLUMN deadline_stated TINYINT(1) NOT NULL DEFAULT 1;

-- Skill labels as long as ESCO's (skill groups and occupations reach 109 characters).
ALTER TABLE klussen_klus_skill MODIFY label VARCHAR(255) NOT NULL;
ALTER TABLE klussen_participant_skill MODIFY label VARCHAR(255) NOT NULL;
ALTER TABLE klussen_portfolio_item MODIFY label VARCHAR(255) NOT NULL;
