-- One check-in per goal per period: before the unique index, keep the latest of any duplicates.
DELETE FROM "check_ins" AS c
USING "check_ins" AS newer
WHERE newer."goal_id" = c."goal_id"
  AND newer."period" = c."period"
  AND (newer."created_at", newer."id") > (c."created_at", c."id");
