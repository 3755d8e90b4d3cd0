CREATE TABLE "example_copies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"example_id" text NOT NULL,
	"example_title" text NOT NULL,
	"copied_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"problem_id" uuid,
	"goal_id" uuid
);
--> statement-breakpoint
CREATE TABLE "story_settings" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"mission" text DEFAULT '' NOT NULL,
	"narratives" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"public_enabled" boolean DEFAULT false NOT NULL,
	"public_show_names" boolean DEFAULT false NOT NULL,
	"trust_code" text,
	"peer_codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"jargon" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "story_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"document" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "example_copies" ADD CONSTRAINT "example_copies_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "example_copies" ADD CONSTRAINT "example_copies_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "example_copies" ADD CONSTRAINT "example_copies_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_settings" ADD CONSTRAINT "story_settings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_versions" ADD CONSTRAINT "story_versions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "example_copies_organisation_idx" ON "example_copies" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "story_versions_number_key" ON "story_versions" USING btree ("organisation_id","number");