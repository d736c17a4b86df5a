; Herald's Windows installer. scripts/dist/windows.sh builds it with:
;   makensis -DVERSION=<app version> -DVERSION_NUMERIC=<X.Y.Z> -DEXE=<herald.exe>
;            -DREADME=<README.txt> -DOUTFILE=<setup.exe> herald.nsi
;
; Per-user by default: no administrator prompt, the program in
; %LocalAppData%\Programs\Herald, shortcuts and the "Apps & features" entry in
; the user's own profile. The user's data (%AppData%\Herald) belongs to the
; user, not to the program: nothing here ever deletes under $APPDATA, and
; test/dist holds every Delete and RMDir of this script to that.

!macro Require NAME
  !ifndef ${NAME}
    !error "define ${NAME} (see scripts/dist/windows.sh)"
  !endif
!macroend
!insertmacro Require VERSION
!insertmacro Require VERSION_NUMERIC
!insertmacro Require EXE
!insertmacro Require README
!insertmacro Require OUTFILE

!define PRODUCT "Herald"
!define PUBLISHER "Herald"
!define EXE_NAME "herald.exe"
; WebView2 keeps its cache here (desktop.go sets WebviewUserDataPath to it);
; it is not the user's data, so the uninstaller removes it.
!define WEBVIEW_DIR "$LOCALAPPDATA\Herald\WebView2"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Herald"
!define SETTINGS_KEY "Software\Herald"
; Microsoft's id for the Evergreen WebView2 Runtime.
!define WEBVIEW2_ID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Unicode true
; A 64-bit installer for a 64-bit program: it can run nothing on 32-bit Windows anyway.
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Herald"
InstallDirRegKey HKCU "${SETTINGS_KEY}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION_NUMERIC}.0"
VIFileVersion "${VERSION_NUMERIC}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} ${VERSION} setup"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "Herald contributors"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "..\icon.ico"
!define MUI_UNICON "..\icon.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "This installs ${PRODUCT} ${VERSION} for you alone; it needs no administrator rights.$\r$\n$\r$\nTo upgrade, install over the version you have: your contacts, templates and campaigns stay where they are.$\r$\n$\r$\nClick Next to continue."
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE_NAME}"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${PRODUCT}"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "This removes the ${PRODUCT} program. Your data (contacts, templates, campaigns, backups) in $APPDATA\Herald is kept."

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

; A running Herald holds its program file open: ask the user to close it
; rather than leave half an upgrade behind.
!macro CloseHerald un
Function ${un}CloseHerald
  retry:
    ClearErrors
    Delete "$INSTDIR\${EXE_NAME}"
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${PRODUCT} is open. Close it, then choose Retry." /SD IDCANCEL IDRETRY retry
      Abort "${PRODUCT} is still open."
    ${EndIf}
FunctionEnd
!macroend
!insertmacro CloseHerald ""
!insertmacro CloseHerald "un."

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Herald" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  Call CloseHerald
  File "/oname=${EXE_NAME}" "${EXE}"
  File "/oname=README.txt" "${README}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${EXE_NAME}" "" "$INSTDIR\${EXE_NAME}" 0
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${EXE_NAME}" "" "$INSTDIR\${EXE_NAME}" 0

  WriteRegStr HKCU "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$\"$INSTDIR\${EXE_NAME}$\",0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" "$\"$INSTDIR\uninstall.exe$\""
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" "$\"$INSTDIR\uninstall.exe$\" /S"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Comments" "WhatsApp communications for small businesses"
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"

  ; Windows 10 and 11 ship the WebView2 Runtime that draws Herald's window;
  ; an older or stripped-down system may lack it, and Herald cannot fetch it
  ; without the internet, so say so now rather than at first start.
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${If} $0 == ""
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    MessageBox MB_OK|MB_ICONINFORMATION "${PRODUCT} draws its window with Microsoft Edge WebView2, which this computer does not seem to have. Install the WebView2 Runtime from Microsoft (search for $\"WebView2 Runtime$\") before you open ${PRODUCT}." /SD IDOK
  ${EndIf}
SectionEnd

Section "Uninstall"
  Call un.CloseHerald
  Delete "$INSTDIR\README.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  RMDir /r "${WEBVIEW_DIR}"
  RMDir "$LOCALAPPDATA\Herald"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${SETTINGS_KEY}"
  MessageBox MB_OK|MB_ICONINFORMATION "${PRODUCT} is removed. Your data is still in $APPDATA\Herald: keep it to use it again after a new install, or delete that folder yourself." /SD IDOK
SectionEnd
