/* klussen plugin: styles for the sidecar's fragments (section.klussen ...) and the glue's own
   blocks. Plain CSS (this view outputs it as is). Colours keep at least 4.5:1 contrast on white. */

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

section.klussen {
	color: #1a1a1a;
	background: #fff;
	margin: 0 0 1.5em;
	line-height: 1.5;
}
section.klussen h2 { font-size: 1.4em; margin: 0 0 .5em; }
section.klussen h3 { font-size: 1.15em; margin: 1em 0 .4em; }
section.klussen a { color: #0b4f8a; text-decoration: underline; }
section.klussen a:hover, section.klussen a:focus { color: #06335b; }
section.klussen :focus-visible { outline: 3px solid #e17000; outline-offset: 2px; }

.klussen-list { list-style: none; padding: 0; margin: 0; }
.klussen-item { border-bottom: 1px solid #767676; padding: .75em 0; }
.klussen-item-title { margin: 0; }
.klussen-item-state { margin: .2em 0; color: #4a4a4a; }
.klussen-meta { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: .4em 0; }
.klussen-meta dt { font-weight: bold; }
.klussen-meta dd { margin: 0; }

.klussen-notice, .klussen-hint { color: #4a4a4a; }
.klussen-field { margin: 0 0 1em; border: 0; padding: 0; }
.klussen-field label, .klussen-field legend { display: block; font-weight: bold; margin-bottom: .2em; }
.klussen-field input[type=text], .klussen-field input[type=date], .klussen-field input[type=number],
.klussen-field select, .klussen-field textarea {
	font: inherit; padding: .35em .5em; border: 1px solid #595959; border-radius: 3px;
	max-width: 100%; box-sizing: border-box; color: #1a1a1a; background: #fff;
}
.klussen-field input[type=text], .klussen-field textarea { width: 40em; }
.klussen-choice { display: flex; gap: .4em; align-items: center; }
.klussen-choice label { font-weight: normal; display: inline; }
.klussen-field input[type=checkbox] + label { display: inline; margin-left: .4em; }
.klussen-field-invalid input, .klussen-field-invalid textarea, .klussen-field-invalid select { border: 2px solid #b00020; }
.klussen-error-message { color: #b00020; font-weight: bold; margin: .2em 0; }
.klussen-error-summary {
	border: 2px solid #b00020; padding: .75em 1em; margin: 0 0 1em; color: #1a1a1a; background: #fff;
}
.klussen-error-summary a { color: #b00020; }

.klussen-form { margin: 0 0 .5em; }
.klussen-actions { display: flex; flex-wrap: wrap; gap: .5em; align-items: flex-start; }
.klussen-actions form { display: inline-block; }
.klussen-button, a.klussen-button {
	display: inline-block; font: inherit; cursor: pointer; text-decoration: none;
	background: #0b4f8a; color: #fff; border: 2px solid #0b4f8a; border-radius: 3px; padding: .4em .9em;
}
section.klussen a.klussen-button { color: #fff; text-decoration: none; }
.klussen-button:hover, .klussen-button:focus, a.klussen-button:hover { background: #06335b; border-color: #06335b; color: #fff; }

table.klussen-table, section.klussen table { border-collapse: collapse; width: 100%; }
section.klussen th, section.klussen td { border-bottom: 1px solid #767676; padding: .4em; text-align: left; vertical-align: top; }

.klussen-unavailable, .klussen-notice-block {
	border-left: 4px solid #8a5300; padding: .5em 1em; background: #fff8e6; color: #1a1a1a;
}
