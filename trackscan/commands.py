"""The subcommands other than `scan`, imported only when used: name -> "module:function"."""

SUBCOMMANDS: dict[str, str] = {
    "sdks": "trackscan.sdks_command:sdks_command",
    "comment": "trackscan.comment_command:comment_main",
    "history": "trackscan.history_command:history_main",
    "init": "trackscan.init_command:init_command",
    "export": "trackscan.export_command:export_command",
    "merge": "trackscan.merge:merge_command",
    "report": "trackscan.report_command:report_command",
}
