DROP INDEX "check_ins_goal_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "check_ins_goal_period_key" ON "check_ins" USING btree ("goal_id","period");