//! Progress arithmetic for the progress bars.

use crate::entities::{Partner, ProgrammeState};
use crate::model::{ADVICE, PartnerKind, Phase};

/// "3 af 4": how many of how many are done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    /// Whole percent, rounded down; an empty total counts as 0 %.
    pub fn percent(self) -> u8 {
        (self.done * 100)
            .checked_div(self.total)
            .map_or(0, |p| p.min(100) as u8)
    }

    pub fn is_complete(self) -> bool {
        self.total > 0 && self.done == self.total
    }
}

impl std::ops::Add for Progress {
    type Output = Progress;
    fn add(self, other: Progress) -> Progress {
        Progress {
            done: self.done + other.done,
            total: self.total + other.total,
        }
    }
}

impl std::iter::Sum for Progress {
    fn sum<I: Iterator<Item = Progress>>(iter: I) -> Progress {
        iter.fold(Progress::default(), |a, b| a + b)
    }
}

/// One partner's tasks done in one phase.
pub fn partner_phase(state: &ProgrammeState, partner: &Partner, phase: &Phase) -> Progress {
    phase
        .tasks_for(partner.kind)
        .map(|task| Progress {
            done: usize::from(
                state
                    .task_tick(&partner.id, task.id)
                    .is_some_and(|t| t.done),
            ),
            total: 1,
        })
        .sum()
}

/// Every partner's tasks done in one phase.
pub fn phase(state: &ProgrammeState, phase: &Phase) -> Progress {
    state
        .partners
        .iter()
        .map(|partner| partner_phase(state, partner, phase))
        .sum()
}

/// The pieces of good advice a care service has ticked; `None` for other partners.
pub fn advice(state: &ProgrammeState, partner: &Partner) -> Option<Progress> {
    (partner.kind == PartnerKind::CareService).then(|| Progress {
        done: ADVICE
            .iter()
            .filter(|a| state.advice_tick(&partner.id, a.id).is_some_and(|t| t.done))
            .count(),
        total: ADVICE.len(),
    })
}
