//! The message catalogs: every id in all three languages, and every translation uses exactly the
//! placeables (`{ $name }`) the English message has, so no figure is dropped or invented.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{self, Entry, Expression, InlineExpression, PatternElement};

fn variables_of_pattern(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            variables_of_expression(expression, out);
        }
    }
}

fn variables_of_expression(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Inline(inline) => variables_of_inline(inline, out),
        Expression::Select { selector, variants } => {
            variables_of_inline(selector, out);
            for variant in variants {
                variables_of_pattern(&variant.value, out);
            }
        }
    }
}

fn variables_of_inline(inline: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => variables_of_expression(expression, out),
        InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                variables_of_inline(argument, out);
            }
        }
        _ => {}
    }
}

/// Message id → the variables its value uses, for one language.
fn catalog(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let path = format!("{}/assets/locales/{lang}/treasury_desk.ftl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let resource =
        fluent_syntax::parser::parse(text.as_str()).unwrap_or_else(|(_, errors)| panic!("{path}: {errors:?}"));
    let mut messages = BTreeMap::new();
    for entry in resource.body {
        if let Entry::Message(message) = entry {
            let mut variables = BTreeSet::new();
            if let Some(value) = &message.value {
                variables_of_pattern(value, &mut variables);
            }
            for attribute in &message.attributes {
                variables_of_pattern(&attribute.value, &mut variables);
            }
            assert!(
                messages.insert(message.id.name.to_owned(), variables).is_none(),
                "{lang}: {} twice",
                message.id.name
            );
        }
    }
    messages
}

#[test]
fn every_message_is_in_every_language_with_the_same_placeables() {
    let english = catalog("en");
    assert!(english.len() > 50, "the English catalog holds the app's words ({})", english.len());
    for lang in ["ja", "de"] {
        let other = catalog(lang);
        let missing: Vec<_> = english.keys().filter(|id| !other.contains_key(*id)).collect();
        let extra: Vec<_> = other.keys().filter(|id| !english.contains_key(*id)).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(extra.is_empty(), "{lang} has ids English lacks: {extra:?}");
        for (id, variables) in &english {
            assert_eq!(&other[id], variables, "{lang}: {id} must use exactly {variables:?}");
        }
    }
}

#[test]
fn no_catalog_has_bidi_isolation_marks_or_stray_whitespace() {
    for lang in ["en", "ja", "de"] {
        let path = format!("{}/assets/locales/{lang}/treasury_desk.ftl", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("catalog");
        assert!(!text.contains(['\u{2068}', '\u{2069}']), "{lang}: isolation marks in the catalog");
        for (number, line) in text.lines().enumerate() {
            assert_eq!(line, line.trim_end(), "{lang}:{}: trailing whitespace", number + 1);
        }
    }
}
