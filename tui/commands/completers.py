"""Completion of names, for the scripts shtab writes (`ipaas-auth completion SHELL`): profile
names, `profiles set` keys (`KEY=`), the `tokens` actions, and integration and subscription names.

Each argument that takes a name carries `complete` (shtab's attribute): a shell function per
shell, which runs `ipaas-auth completion --names KIND [--profile NAME]` and offers its lines.
That command reads only local files, profiles.toml and the list cache (tui/core/list_cache.py),
never the network, so a Tab never waits for iPaaS.com. Plain strings: imported when a parser is
built, so it must stay cheap (no shtab here; tui/commands/completion.py imports it).
"""

from __future__ import annotations

SHELLS = ("bash", "zsh", "fish", "powershell")
NAME_KINDS = ("profiles", "keys", "tokens", "integrations", "subscriptions")
TOKEN_ACTIONS = ("refresh", "verify", "revoke")

# One shared function a shell, then one small function a kind (shtab names a function per
# argument; bash and PowerShell call it with the word being completed).
BASH = r"""
# ipaas-auth: names from its own files, never the network. $1 = what to list, $2 = the word.
_ipaas_auth_names() {
  local i=1 word profile=() name quoted
  for ((i = 1; i < COMP_CWORD; i++)); do  # the --profile typed on the line, if any
    if [[ ${COMP_WORDS[i]} == --profile ]]; then
      word=${COMP_WORDS[i+1]}
      [[ $word == = ]] && word=${COMP_WORDS[i+2]}  # --profile=NAME: = splits the words
      profile=(--profile "$word")
    fi
  done
  while IFS= read -r name; do
    printf -v quoted '%q' "$name"
    [[ -n $name && $quoted == "$2"* ]] && printf '%s\n' "$quoted"
  done < <(ipaas-auth completion --names "$1" "${profile[@]}" 2>/dev/null)
}
"""

BASH_KIND = '_ipaas_auth_{kind}() {{ _ipaas_auth_names {kind} "$1"; }}'
BASH_TOKENS = r"""_ipaas_auth_tokens() {  # refresh|verify|revoke first, then a subscription
  case ${COMP_WORDS[COMP_CWORD-1]} in
    refresh|verify|revoke) _ipaas_auth_names subscriptions "$1" ;;
    *) _ipaas_auth_names tokens "$1" ;;
  esac
}"""

# After shtab's script: a `KEY=` offered alone gets no space after it, so the value follows.
BASH_END = r"""
_ipaas_auth_complete() {
  _shtab_ipaas_auth "$@"
  if [[ ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == *= ]]; then
    compopt -o nospace 2>/dev/null
  fi
  return 0
}
complete -o bashdefault -F _ipaas_auth_complete ipaas-auth
"""

ZSH = r"""
# ipaas-auth: names from its own files, never the network. $1 = what to list.
_ipaas_auth_names() {
  local i kind=$1
  local -a profile names
  for ((i = 1; i < CURRENT; i++)); do  # the --profile typed on the line, if any
    case $words[i] in
      --profile) profile=(--profile "$words[i+1]") ;;
      --profile=*) profile=("$words[i]") ;;
    esac
  done
  if [[ $kind == tokens && $words[CURRENT-1] == (refresh|verify|revoke) ]]; then
    kind=subscriptions
  fi
  names=("${(@f)$(ipaas-auth completion --names $kind $profile 2>/dev/null)}")
  names=(${names:#})
  if [[ $kind == keys ]]; then
    compadd -S '' -a names  # KEY=: the value follows without a space
  else
    compadd -a names
  fi
}
"""

FISH = r"""
# ipaas-auth: names from its own files, never the network. $argv[1] = what to list.
function __ipaas_auth_names
  set -l kind $argv[1]
  set -l words (commandline -opc)
  set -l profile
  for i in (seq (count $words))
    switch $words[$i]
      case --profile
        set profile --profile $words[(math $i + 1)]
      case '--profile=*'
        set profile $words[$i]
    end
  end
  if test $kind = tokens; and contains -- $words[-1] refresh verify revoke
    set kind subscriptions
  end
  ipaas-auth completion --names $kind $profile 2>/dev/null
end
"""

POWERSHELL = r"""
# ipaas-auth: names from its own files, never the network (names with spaces come quoted).
function _ipaas_auth_names {
  param([string]$Kind, [string]$WordToComplete)
  @(& ipaas-auth completion --names $Kind 2>$null) |
    Where-Object { $_ -and $_ -like "$($WordToComplete.Trim("'"))*" } |
    ForEach-Object {
      if ($_ -match '[\s''"`$;(){}]') { "'" + ($_ -replace "'", "''") + "'" } else { $_ }
    }
}
"""

POWERSHELL_KIND = (
    "function _ipaas_auth_{kind} {{\n"
    "  param([string]$WordToComplete)\n"
    "  _ipaas_auth_names {kind} $WordToComplete\n"
    "}}"
)


# The shared functions, once at the top of each script (shtab's `preamble`).
SHARED = {"bash": BASH, "zsh": ZSH, "fish": FISH, "powershell": POWERSHELL}


def names_completer(kind: str) -> dict[str, str | dict[str, str]]:
    """shtab's `complete` for an argument that takes names of `kind` (one of NAME_KINDS)."""
    function = f"_ipaas_auth_{kind}"
    return {
        "bash": function,
        "zsh": f"_ipaas_auth_names {kind}",
        "fish": f"(__ipaas_auth_names {kind})",
        "powershell": function,
        "preamble": {  # the kind's own small function; shtab writes each once
            "bash": BASH_TOKENS if kind == "tokens" else BASH_KIND.format(kind=kind),
            "powershell": POWERSHELL_KIND.format(kind=kind),
        },
    }
