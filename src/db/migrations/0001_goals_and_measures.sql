CREATE TABLE "check_ins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"goal_id" uuid NOT NULL,
	"period" date NOT NULL,
	"what_happened" text NOT NULL,
	"what_next" text NOT NULL,
	"confidence" integer NOT NULL,
	"author_user_id" uuid,
	"author_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "check_ins_confidence_check" CHECK ("check_ins"."confidence" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "goal_objectives" (
	"goal_id" uuid NOT NULL,
	"objective_id" uuid NOT NULL,
	CONSTRAINT "goal_objectives_goal_id_objective_id_pk" PRIMARY KEY("goal_id","objective_id")
);
--> statement-breakpoint
CREATE TABLE "goal_owners" (
	"goal_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "goal_owners_goal_id_user_id_pk" PRIMARY KEY("goal_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "goal_problems" (
	"goal_id" uuid NOT NULL,
	"problem_id" uuid NOT NULL,
	CONSTRAINT "goal_problems_goal_id_problem_id_pk" PRIMARY KEY("goal_id","problem_id")
);
--> statement-breakpoint
CREATE TABLE "goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"statement" text NOT NULL,
	"for_whom" text DEFAULT '' NOT NULL,
	"by_when" date,
	"wgll" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measure_annotations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measure_id" uuid NOT NULL,
	"period" date NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measure_values" (
	"measure_id" uuid NOT NULL,
	"period" date NOT NULL,
	"value" double precision NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measure_values_measure_id_period_pk" PRIMARY KEY("measure_id","period")
);
--> statement-breakpoint
CREATE TABLE "measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"goal_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"definition" text NOT NULL,
	"unit" text NOT NULL,
	"improvement_direction" text NOT NULL,
	"target" double precision,
	"target_from" date,
	"frequency" text NOT NULL,
	"data_source" text DEFAULT '' NOT NULL,
	"owner_user_id" uuid,
	"spc_preset" text DEFAULT 'mdc' NOT NULL,
	"baseline" integer,
	"rebases" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "measures_direction_check" CHECK ("measures"."improvement_direction" in ('increase','decrease','neutral')),
	CONSTRAINT "measures_frequency_check" CHECK ("measures"."frequency" in ('weekly','monthly'))
);
--> statement-breakpoint
CREATE TABLE "strategic_objectives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_objectives" ADD CONSTRAINT "goal_objectives_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_objectives" ADD CONSTRAINT "goal_objectives_objective_id_strategic_objectives_id_fk" FOREIGN KEY ("objective_id") REFERENCES "public"."strategic_objectives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_owners" ADD CONSTRAINT "goal_owners_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_owners" ADD CONSTRAINT "goal_owners_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_problems" ADD CONSTRAINT "goal_problems_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_problems" ADD CONSTRAINT "goal_problems_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_annotations" ADD CONSTRAINT "measure_annotations_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_values" ADD CONSTRAINT "measure_values_measure_id_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measures" ADD CONSTRAINT "measures_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategic_objectives" ADD CONSTRAINT "strategic_objectives_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "check_ins_goal_idx" ON "check_ins" USING btree ("goal_id","period");--> statement-breakpoint
CREATE INDEX "goal_problems_problem_idx" ON "goal_problems" USING btree ("problem_id");--> statement-breakpoint
CREATE INDEX "goals_organisation_idx" ON "goals" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "measure_annotations_measure_idx" ON "measure_annotations" USING btree ("measure_id");--> statement-breakpoint
CREATE INDEX "measures_goal_idx" ON "measures" USING btree ("goal_id");--> statement-breakpoint
CREATE INDEX "measures_organisation_idx" ON "measures" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "strategic_objectives_organisation_idx" ON "strategic_objectives" USING btree ("organisation_id");