//! `Catalog::by_status` groups every type and code under its status once,
//! statuses ascending and each group in catalog order, as a walk that
//! filters the catalog once per status would.

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

use hasp_errors_codegen::parse_catalog;

#[test]
fn every_type_and_code_once_under_its_status_in_catalog_order() {
    for codes in [1, 12, 250, 1_000] {
        let yaml = synthetic::catalog(codes);
        let catalog = parse_catalog("s.yaml", yaml.as_bytes()).expect("valid");
        let groups = catalog.by_status();
        assert_eq!(
            groups.iter().map(|g| g.status).collect::<Vec<_>>(),
            catalog.statuses()
        );
        for g in &groups {
            let types: Vec<&str> = catalog
                .types
                .iter()
                .filter(|t| t.status == g.status)
                .map(|t| t.name.as_str())
                .collect();
            let codes: Vec<&str> = catalog
                .codes
                .iter()
                .filter(|c| c.status == g.status)
                .map(|c| c.name.as_str())
                .collect();
            assert_eq!(
                g.types.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
                types
            );
            assert_eq!(
                g.codes.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
                codes
            );
            assert!(!g.types.is_empty());
        }
        let grouped: usize = groups.iter().map(|g| g.codes.len()).sum();
        assert_eq!(grouped, catalog.codes.len());
    }
}
