//! Invariants of the plan, on generated datasets.

use crate::common::*;
use kura_calendar::Lang;
use kura_core::facts::OpenNextAction;
use kura_core::model::{Availability, CustomerState};
use kura_core::plan::{
    Baseline, PlanInput, PlanTarget, Recommendation, RepBaseline, StateSource, plan_window,
};
use proptest::prelude::*;

const INDUSTRIES: [Option<&str>; 9] = [
    Some("製造業"),
    Some("Retail"),
    Some("医療，福祉"),
    Some("COMPUTER_SOFTWARE"),
    Some("宿泊業，飲食サービス業"),
    Some("不動産"),
    Some("Widgets"),
    None,
    Some("建設業"),
];

prop_compose! {
    fn arb_target()(rep in 0u8..3, id in 0u8..20, industry in 0usize..INDUSTRIES.len(),
                    last in proptest::option::of(0i8..28), n in 0u64..10) -> PlanTarget {
        PlanTarget {
            rep: format!("r{rep}"),
            target: format!("t{id}"),
            company: Some(format!("Company {id}")),
            contact: (id % 3 != 0).then(|| format!("Contact {id}")),
            industry: INDUSTRIES[industry].map(str::to_string),
            last_contacted: last.map(|day| jiff::civil::date(2026, 8, day + 1)),
            contacts_90d: n,
        }
    }
}

prop_compose! {
    fn arb_next_action()(rep in 0u8..3, id in 0u16..1000, target in 0u8..25,
                         day in 22i8..28, promised in any::<bool>()) -> OpenNextAction {
        OpenNextAction {
            id: format!("n{id}"),
            rep: format!("r{rep}"),
            target: (target < 22).then(|| format!("t{target}")),
            due_on: jiff::civil::date(2026, 9, day),
            promised,
        }
    }
}

prop_compose! {
    fn arb_availability()(target in 0u8..20, from in 20i8..27, len in 0i8..4,
                          state in 0usize..CustomerState::ALL.len()) -> Availability {
        Availability {
            target: format!("t{target}"),
            from: jiff::civil::date(2026, 9, from),
            to: jiff::civil::date(2026, 9, from + len),
            state: CustomerState::ALL[state],
            note: None,
        }
    }
}

fn plan_of(
    targets: &[PlanTarget],
    next_actions: &[OpenNextAction],
    availability: &[Availability],
    baselines: &[RepBaseline],
) -> kura_core::plan::WindowPlan {
    let cal = cal();
    let w = silver_week();
    let topics = topics();
    let mut input = PlanInput::new(&cal, &w, today());
    input.targets = targets;
    input.next_actions = next_actions;
    input.availability = availability;
    input.baselines = baselines;
    input.topics = &topics;
    plan_window(&input, Lang::En)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn plans_keep_their_promises(
        targets in proptest::collection::vec(arb_target(), 0..30),
        next_actions in proptest::collection::vec(arb_next_action(), 0..20),
        availability in proptest::collection::vec(arb_availability(), 0..15),
        volume in 0u64..600,
    ) {
        let baselines: Vec<RepBaseline> = (0..3)
            .map(|r| RepBaseline { rep: format!("r{r}"), baseline: Baseline { volume, days: 20 } })
            .collect();
        let plan = plan_of(&targets, &next_actions, &availability, &baselines);

        // The same data in another order gives the same plan.
        let mut rev_t = targets.clone();
        rev_t.reverse();
        let mut rev_n = next_actions.clone();
        rev_n.reverse();
        let mut rev_a = availability.clone();
        rev_a.reverse();
        let again = plan_of(&rev_t, &rev_n, &rev_a, &baselines);
        // Targets listed twice keep their first row, and equal availability
        // ties go to the row given last, so compare only where order cannot
        // matter: reps, capacity and the due next actions.
        prop_assert_eq!(plan.reps.len(), again.reps.len());
        for (a, b) in plan.reps.iter().zip(&again.reps) {
            prop_assert_eq!(&a.capacity, &b.capacity);
            prop_assert_eq!(
                a.due_next_actions.iter().map(|d| &d.id).collect::<Vec<_>>(),
                b.due_next_actions.iter().map(|d| &d.id).collect::<Vec<_>>()
            );
        }

        for rep in &plan.reps {
            // Suggestions: only when short, never more than needed, never an
            // avoided or away target, never a target with a due next
            // action, always a window day from today on.
            prop_assert!(rep.capacity.short || rep.suggested_next_actions.is_empty());
            prop_assert!(rep.suggested_next_actions.len() as u64 <= rep.capacity.contacts_needed);
            prop_assert_eq!(
                rep.unfilled + rep.suggested_next_actions.len() as u64,
                if rep.capacity.short { rep.capacity.contacts_needed } else { 0 }
            );
            for s in &rep.suggested_next_actions {
                prop_assert!(matches!(
                    s.recommendation,
                    Recommendation::ContactDeep | Recommendation::Normal | Recommendation::Confirm
                ));
                prop_assert!(plan.window.business_days.iter().any(|d| d.date == s.due_on));
                prop_assert!(s.due_on >= today());
                let t = rep.targets.iter().find(|t| t.target == s.target).unwrap();
                prop_assert_eq!(t.due_in_window, 0);
                prop_assert!(t.active);
            }
            // Additions come in recommendation order.
            let recs: Vec<_> = rep.suggested_next_actions.iter().map(|s| s.recommendation).collect();
            prop_assert!(recs.windows(2).all(|w| w[0] <= w[1]));
            // Due next actions: promised first, then by date.
            let keys: Vec<_> = rep.due_next_actions.iter().map(|d| (!d.promised, d.due_on)).collect();
            prop_assert!(keys.windows(2).all(|w| w[0] <= w[1]));
            prop_assert_eq!(rep.capacity.due_in_window, rep.due_next_actions.len() as u64);
            for t in &rep.targets {
                // The recommendation is always the state's.
                prop_assert_eq!(t.state.recommendation, t.state.state.recommendation());
                // A target with a row covering a window business day is
                // recorded; otherwise inferred.
                let covered = availability.iter().any(|a| {
                    a.target == t.target
                        && plan.window.business_days.iter().any(|d| a.from <= d.date && d.date <= a.to)
                });
                prop_assert_eq!(!t.state.inferred, covered);
                prop_assert_eq!(matches!(t.state.source, StateSource::Recorded { .. }), covered);
                prop_assert!(!t.why_you_now.line.is_empty());
                let has_brace = t.why_you_now.line.contains('{');
                prop_assert!(!has_brace, "unfilled slot in {}", t.why_you_now.line);
            }
        }
    }
}
