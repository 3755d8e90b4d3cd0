CREATE TABLE "review_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"item_key" text NOT NULL,
	"kind" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"subject_title" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"fingerprint" text NOT NULL,
	"outcome" text NOT NULL,
	"next_review_date" date,
	"decided_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	CONSTRAINT "review_outcomes_outcome_check" CHECK ("review_outcomes"."outcome" in ('continue','pivot','pause','stop'))
);
--> statement-breakpoint
CREATE TABLE "review_settings" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"frequency" text DEFAULT 'weekly' NOT NULL,
	"max_priorities_now" integer DEFAULT 7 NOT NULL,
	"problem_priority_threshold" integer DEFAULT 8000 NOT NULL,
	"stale_after_periods" integer DEFAULT 2 NOT NULL,
	"buzzwords" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_settings_frequency_check" CHECK ("review_settings"."frequency" in ('weekly','monthly')),
	CONSTRAINT "review_settings_positive_check" CHECK ("review_settings"."max_priorities_now" > 0 and "review_settings"."problem_priority_threshold" > 0 and "review_settings"."stale_after_periods" > 0)
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"present" jsonb NOT NULL,
	"opened_by" text NOT NULL,
	"opened_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"left_open" jsonb
);
--> statement-breakpoint
ALTER TABLE "review_outcomes" ADD CONSTRAINT "review_outcomes_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_outcomes" ADD CONSTRAINT "review_outcomes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_outcomes" ADD CONSTRAINT "review_outcomes_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_settings" ADD CONSTRAINT "review_settings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_opened_by_user_id_users_id_fk" FOREIGN KEY ("opened_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "review_outcomes_item_key" ON "review_outcomes" USING btree ("review_id","item_key");--> statement-breakpoint
CREATE INDEX "review_outcomes_organisation_idx" ON "review_outcomes" USING btree ("organisation_id","item_key","created_at");--> statement-breakpoint
CREATE INDEX "reviews_organisation_idx" ON "reviews" USING btree ("organisation_id","held_on");