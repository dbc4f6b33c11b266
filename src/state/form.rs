//! What every form shares: its validation problems, its message, and saving through the
//! store: a form closes only once its change is durable, and a refused change shows why.

use leptos::prelude::*;
use leptos::task::spawn_local;
use samskab_domain::{Edit, Field, Invalid, Problem};

use super::{ProgrammeStore, use_programme};
use crate::i18n::{self, Key};

/// A new form's status, saving through the programme store in context.
pub fn use_form() -> FormStatus {
    FormStatus {
        invalid: RwSignal::new(Invalid::default()),
        message: RwSignal::new(None),
        saving: RwSignal::new(false),
        store: use_programme(),
    }
}

/// A form's problems and message.
#[derive(Clone, Copy)]
pub struct FormStatus {
    pub invalid: RwSignal<Invalid>,
    /// Shown above the form (see `components::FormError`).
    pub message: RwSignal<Option<Key>>,
    /// A change of this form is being stored: another tap meanwhile is not a second one.
    saving: RwSignal<bool>,
    store: ProgrammeStore,
}

impl FormStatus {
    /// The problem to show under one field.
    pub fn problem(self, field: Field) -> Signal<Option<Problem>> {
        Signal::derive(move || self.invalid.with(|i| i.problem(field)))
    }

    pub fn clear(self) {
        self.invalid.set(Invalid::default());
        self.message.set(None);
    }

    /// Stores validated edits, then runs `on_saved`. Refused input shows its problems;
    /// a storage error shows its message; either way nothing is stored and the form
    /// keeps what was typed.
    pub fn save(self, edits: Result<Vec<Edit>, Invalid>, on_saved: impl FnOnce() + 'static) {
        match edits {
            Err(problems) => {
                // A problem of the item as a whole (a step before it missing) is the
                // message itself: no field shows it.
                let whole = problems.problem(Field::Step).map(i18n::problem);
                self.invalid.set(problems);
                self.message
                    .set(Some(whole.unwrap_or(Key::FormHasProblems)));
            }
            Ok(_) if self.saving.get_untracked() => {}
            Ok(edits) => {
                self.saving.set(true);
                spawn_local(async move {
                    self.invalid.set(Invalid::default());
                    let applied = self.store.apply(edits).await;
                    self.saving.set(false);
                    match applied {
                        Ok(()) => {
                            self.message.set(None);
                            super::pwa::typed_text_saved();
                            on_saved();
                        }
                        Err(error) => self.message.set(Some(i18n::change_error(&error))),
                    }
                })
            }
        }
    }
}
