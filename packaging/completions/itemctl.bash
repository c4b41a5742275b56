# bash completion for itemctl. Installed as
# /usr/share/bash-completion/completions/itemctl.
#
# Reads the candidates from `itemctl ... --help` of the binary being
# completed, so new subcommands and flags complete without touching this
# file: subcommands, options of the current command and of the root (global
# options are accepted after a subcommand), the choices of an option shown
# as {a,b,c}, and file or directory names where an option or argument takes
# a path.

# Prints the "Subcommands:" names of `itemctl WORDS... --help`, one a line.
_itemctl_subcommands() {
  "$@" --help 2>/dev/null | awk '
    /^Subcommands:/ { in_section = 1; next }
    /^[^ ]/ { in_section = 0 }
    in_section && /^  [a-z]/ { print $1 }'
}

# Prints "NAME TYPE" for each option of `itemctl WORDS... --help`; TYPE is
# "-" for a flag without a value.
_itemctl_options() {
  "$@" --help 2>/dev/null | awk '
    /^Options:/ { in_section = 1; next }
    /^[^ ]/ { in_section = 0 }
    in_section && /^  -/ {
      # The description starts in column 31, or on the next line.
      head = (substr($0, 1, 30) ~ /  $/) ? substr($0, 1, 30) : $0
      type = (split(head, words, " ") > 1) ? words[2] : "-"
      n = split($1, names, ",")
      for (i = 1; i <= n; i++) if (names[i] ~ /^-/) print names[i], type
    }'
}

_itemctl() {
  local cur prev
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev=""
  [ "$COMP_CWORD" -gt 0 ] && prev="${COMP_WORDS[COMP_CWORD-1]}"
  local prog="${COMP_WORDS[0]}"

  # The command path typed so far: words that are subcommands of the path
  # before them; option values are skipped.
  local path=("$prog") i word sub skip_value=0
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="${COMP_WORDS[i]}"
    if [ "$skip_value" = 1 ]; then skip_value=0; continue; fi
    case "$word" in
      --*=*) continue ;;
      -*)
        if _itemctl_options "${path[@]}" | awk -v o="$word" '$1 == o && $2 != "-" { f = 1 } END { exit !f }' ||
           _itemctl_options "$prog" | awk -v o="$word" '$1 == o && $2 != "-" { f = 1 } END { exit !f }'; then
          skip_value=1
        fi
        continue ;;
    esac
    for sub in $(_itemctl_subcommands "${path[@]}"); do
      if [ "$sub" = "$word" ]; then path+=("$word"); break; fi
    done
  done

  # The value of an option: its {choices}, else a path where one is wanted.
  local type=""
  if [[ "$prev" == -* && "$cur" != -* ]]; then
    type="$({ _itemctl_options "${path[@]}"; _itemctl_options "$prog"; } |
            awk -v o="$prev" '$1 == o && !found { print $2; found = 1 }')"
  fi
  if [ -n "$type" ] && [ "$type" != "-" ]; then
    if [[ "$type" == *"{"*"}"* ]]; then
      local choices="${type#*\{}"
      choices="${choices%%\}*}"
      mapfile -t COMPREPLY < <(compgen -W "${choices//,/ }" -- "$cur")
    elif [[ "$type" == *DIR* ]]; then
      mapfile -t COMPREPLY < <(compgen -d -- "$cur")
    elif [[ "$prev" == --db || "$type" == *FILE* || "$type" == *PATH* ]]; then
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
    return 0
  fi

  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$({ _itemctl_options "${path[@]}"; _itemctl_options "$prog"; } |
                                          awk '{ print $1 }' | sort -u)" -- "$cur")
    return 0
  fi
  local subs
  subs="$(_itemctl_subcommands "${path[@]}")"
  if [ -n "$subs" ]; then
    mapfile -t COMPREPLY < <(compgen -W "$subs" -- "$cur")
  elif [ "${path[*]:1}" = "item import" ]; then
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
  return 0
}

complete -o filenames -F _itemctl itemctl
