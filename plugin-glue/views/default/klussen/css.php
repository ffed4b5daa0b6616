<?php
/**
 * klussen plugin: layout for the sidecar's fragments (section.klussen ...) and the glue's own
 * blocks. Colours, fonts, buttons, inputs, tables and tags come from the host theme: the
 * fragments carry Elgg's own classes (elgg-button, elgg-input-*, elgg-table, elgg-tags), and the
 * few colours set here are the theme's variables. Elgg 3.x and later run CSS views through
 * CssCrush, which fills in $(name) from the theme (engine/theme.php); elsewhere (Elgg 1.x, a
 * page outside Elgg) the default of Elgg's theme is written instead.
 */
$crush = function_exists('elgg_get_release') && version_compare((string) elgg_get_release(), '3.0', '>=');
$theme = [
    'border-color-mild' => '#dcdcdc',
    'text-color-strong' => '#2d3047',
    'state-danger-font-color' => '#b94a48',
    'state-danger-border-color' => '#e5b7b5',
    'state-danger-background-color' => '#f8e8e8',
    'state-warning-font-color' => '#6b420f',
    'state-warning-border-color' => '#eddc7d',
    'state-warning-background-color' => '#fcf8e4',
    'button-action-background-color' => '#0078ac',
    'button-action-font-color' => '#ffffff',
];
$v = function (string $name) use ($crush, $theme): string {
    return $crush ? '$(' . $name . ')' : $theme[$name];
};
?>
.klussen-visually-hidden {
	position: absolute !important;
	width: 1px;
	height: 1px;
	padding: 0;
	margin: -1px;
	overflow: hidden;
	clip: rect(0, 0, 0, 0);
	white-space: nowrap;
	border: 0;
}

section.klussen { margin: 0 0 1.5em; }
section.klussen h3 { margin: 1em 0 .4em; }
section.klussen :focus-visible { outline: 3px solid currentColor; outline-offset: 2px; }
/* Links inside running text are underlined: the theme tells them apart by colour alone. */
section.klussen p a:not(.elgg-button), section.klussen li a:not(.elgg-button),
section.klussen dd a:not(.elgg-button), section.klussen td a:not(.elgg-button) { text-decoration: underline; }
/* Help and secondary text at full contrast (WCAG 1.4.3); the theme's softer greys are below 4.5:1. */
section.klussen .elgg-text-help, section.klussen .elgg-field-help, section.klussen .elgg-subtext,
section.klussen .klussen-hint, section.klussen .klussen-notice,
section.klussen .elgg-tags, section.klussen .elgg-tag, section.klussen .elgg-tag span,
section.klussen .klussen-badge, section.klussen .klussen-confirmed-in,
.klussen-settings .elgg-field-help {
	color: <?= $v('text-color-strong') ?>;
}

.klussen-list { list-style: none; padding: 0; margin: 0; }
.klussen-item { border-bottom: 1px solid <?= $v('border-color-mild') ?>; padding: .75em 0; }
.klussen-item-title { margin: 0; }
.klussen-item-state { margin: .2em 0; }
.klussen-meta { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: .4em 0; }
.klussen-meta dt { font-weight: bold; }
.klussen-meta dd { margin: 0; }

.klussen-field { margin: 0 0 1em; border: 0; padding: 0; }
section.klussen .elgg-field-help { display: block; margin: .1em 0 .35em; }
/* Skills as the theme's tags, shown as chips so that a list of them reads at a glance. */
section.klussen ul.elgg-tags { list-style: none; padding: 0; margin: .3em 0; display: flex; flex-wrap: wrap; gap: .35em; font-size: inherit; }
section.klussen ul.elgg-tags > .elgg-tag {
	display: inline-block; margin: 0; padding: .1em .6em; border: 1px solid <?= $v('border-color-mild') ?>; border-radius: 1em;
}
.klussen-field > label, .klussen-field > legend { display: block; font-weight: bold; margin-bottom: .2em; }
.klussen-choice { display: flex; gap: .4em; align-items: center; }
.klussen-choice label { font-weight: normal; display: inline; }
.klussen-field input[type=checkbox] + label { display: inline; margin-left: .4em; }
/* Every text-like field the same width (Elgg's inputs are full width; outside Elgg too). */
.klussen-field input[type=text], .klussen-field input[type=date], .klussen-field input[type=number],
.klussen-field input[type=email], .klussen-field select, .klussen-field textarea {
	width: 100%; max-width: 40em; box-sizing: border-box;
}
.klussen-field input[type=number] { max-width: 12em; }
.klussen-field-invalid input, .klussen-field-invalid textarea, .klussen-field-invalid select {
	border: 2px solid <?= $v('state-danger-font-color') ?>;
}
.klussen-error-message { color: <?= $v('state-danger-font-color') ?>; font-weight: bold; margin: .2em 0; }
.klussen-error-summary a { color: <?= $v('text-color-strong') ?>; text-decoration: underline; }
.klussen-error-summary {
	border: 1px solid <?= $v('state-danger-border-color') ?>; background: <?= $v('state-danger-background-color') ?>;
	padding: .75em 1em; margin: 0 0 1em;
}

.klussen-form { margin: 0 0 .5em; }
.klussen-actions, .klussen-manage-links { display: flex; flex-wrap: wrap; gap: .5em; align-items: flex-start; }
.klussen-actions form { display: inline-block; }
/* Outside Elgg only: a link or button that has no elgg-button styling from the host. */
.klussen-button:not(.elgg-button) {
	display: inline-block; cursor: pointer; text-decoration: none; border-radius: 3px; padding: .4em .9em;
	background: <?= $v('button-action-background-color') ?>; color: <?= $v('button-action-font-color') ?>;
	border: 0;
}

section.klussen table { border-collapse: collapse; width: 100%; }
section.klussen th, section.klussen td { text-align: left; vertical-align: top; padding: .4em; }
section.klussen thead th { white-space: nowrap; }
section.klussen td { overflow-wrap: normal; word-break: normal; hyphens: manual; }
section.klussen table:not(.elgg-table) th, section.klussen table:not(.elgg-table) td {
	border-bottom: 1px solid <?= $v('border-color-mild') ?>;
}

.klussen-person { display: inline-flex; align-items: center; gap: .35em; vertical-align: middle; }
.klussen-person .elgg-avatar { flex: none; }

.klussen-unavailable, .klussen-notice-block {
	border-left: 4px solid <?= $v('state-warning-border-color') ?>; padding: .5em 1em;
	background: <?= $v('state-warning-background-color') ?>; color: <?= $v('state-warning-font-color') ?>;
}
